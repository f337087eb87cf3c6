import pytest

from news.seed_records import POST_SLUG
from news.seed_records import seed_records_load as news_seed_records_load


@pytest.fixture
def seed_post(seed_records):
    """The source document's news post, loaded after the workshop as the seed command does."""
    from news.models import Post

    news_seed_records_load()
    return Post.objects.get(slug=POST_SLUG)
