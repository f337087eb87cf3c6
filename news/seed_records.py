"""The source document itself, as the portal's first news post.

Source: sources/000_f24b0c148533ab4d.txt, a blog post of 14 December 2010, "Filed under: Asia,
INECE Secretariat, seaports — inece @ 9:30 pm". Its title, categories and body are copied word
for word (runs of spaces folded); the blog's chrome after the article (the "Leave a Comment"
link, "No comments yet.", the comments feed and TrackBack links, the log-in and share boxes, the
blog host's footer) is left out. The photograph the article showed is not in the source, so only
its caption is kept, in italics where the photograph stood. The source's "[pdf]" and "Visit ...
for more information" links have lost their addresses (and the second its words); they are kept
as the text reads, without a made-up address. Staff can add the addresses once they know them.

Time: the source gives "9:30 pm" but not the blog's time zone. The post is dated 14 December
2010 21:30 UTC, read as UTC because no other zone is stated; this is an assumption, not a fact
of the source. (With the portal's default TIME_ZONE, UTC, the post shows the source's date; a
portal set more than 2.5 hours east of UTC would show 15 December.)

Author: the source says the post was filed by "inece", the blog's account; no person is named.
The loader therefore uses a staff account with the username "inece" (no name, no usable
password: it cannot sign in until staff give it one), and the page shows "inece".

The post is loaded once per database, like the workshop records (see
`core.seeding.seed_part_load`); afterwards it belongs to the staff.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from core.models import SeedLoad
from core.seeding import SOURCE_DOCUMENT, SeedOutcome, record_ensure, seed_part_load
from workshops.models import Workshop

from .models import Category, Post

AUTHOR_USERNAME = "inece"

CATEGORIES = [
    # (slug, name), as the source spells them
    ("asia", "Asia"),
    ("inece-secretariat", "INECE Secretariat"),
    ("seaports", "seaports"),
]

WORKSHOP_SLUG = "2nd-workshop-2010-siem-reap"

POST_SLUG = "2nd-seaports-workshop-results-in-call-to-action-on-enforcement-cooperation"

POST = {
    "title": "2nd Seaports Workshop Results in Call to Action on Enforcement Cooperation",
    "published_at": datetime.datetime(2010, 12, 14, 21, 30, tzinfo=datetime.UTC),
    "status": Post.Status.PUBLISHED,
    "comments_open": True,
    "excerpt": (
        "The INECE Seaport Environmental Security Network (SESN) convened its Second Workshop "
        "on Combating the Illegal Trade in Hazardous Wastes Through Seaports in Siem Reap, "
        "Cambodia, on 29 November 2010."
    ),
    "body": """\
The INECE Seaport Environmental Security Network (SESN) convened its Second Workshop on \
Combating the Illegal Trade in Hazardous Wastes Through Seaports in Siem Reap, Cambodia, on \
29 November 2010.

*Participants at the INECE SESN 2nd Workshop on Illegal Trade in Hazardous Wastes Through \
Seaports*

The INECE SESN Workshop was attended by 47 participants from environmental and other \
enforcement authorities from 14 countries in the Asia region, as well as from several \
international organizations.

The full report on the 2nd Workshop on Combating Illegal Trade in Hazardous Wastes Through \
Seaports: Objectives, Conclusions, and Ways Forward \\[pdf\\] is available online. Visit for \
more information about the workshop, including the agenda, presentations, and the group \
photograph.

The objectives of the Second INECE SESN Workshop were:

- To design action-based enforcement cooperation strategies in the Asia region that build \
capacity of seaport authorities, creating a deterrence factor for illegal shippers.
- To share experience on intelligence-led approaches and other methods to target enforcement \
actions and improve detection efficiency.
- To strengthen informal cooperation among customs, environmental, ports and other government \
officials at the national and regional levels.

The workshop resulted in a call to action, supporting three major recommendations:

1. **Support the goals of the INECE SESN:** Participants underlined that awareness raising, \
capacity building and practical cooperation are critical to improving the success of frontline \
officers in the Asia region in counteracting illegal transports of hazardous waste.
2. **Evaluate opportunity to convene a practical enforcement cooperation project in the Asia \
region:**A dedicated international inspection project – such as the International Hazardous \
Waste Inspection Project at Seaports – would be a viable vehicle to achieve progress in this \
area.
3. **Promote synergies among organizations and networks dedicated to the issue of \
implementation of, compliance with, and enforcement of hazardous waste shipping regulations:** \
INECE and other regional/international organizations and networks that focus on \
implementation, compliance, and enforcement relating to hazardous waste shipment regulations \
should further liaise and align forces to create synergies and increase positive outcomes in \
the future.

The workshop immediately preceded the 2010 Workshop of the Asian Network for Prevention of \
Illegal Transboundary Movement of Hazardous Wastes, which was co-organized by Cambodia’s \
Ministry of Environment, Japan’s Ministry of the Environment, and the Basel Convention Regional \
Centre for South-East Asia.
""",
}


def seed_records_load() -> SeedOutcome:
    """Load the source document as a news post, once (see `seed_part_load`).

    Creates the "inece" staff account (unusable password), the three categories and the post
    (published), filed under the categories and linked to the 2nd workshop if that exists.
    Run it after `portal.seed_records.seed_records_load`.
    """
    return seed_part_load(part=SeedLoad.Part.NEWS, source=SOURCE_DOCUMENT, ensure=_post_ensure)


def _post_ensure(result):
    """Create whichever of the account, categories and post are missing; never update one."""
    author = record_ensure(
        result,
        get_user_model(),
        {"username": AUTHOR_USERNAME},
        {"is_staff": True, "password": make_password(None)},
    )
    categories = [
        record_ensure(result, Category, {"slug": slug}, {"name": name}) for slug, name in CATEGORIES
    ]
    before = len(result.created)
    post = record_ensure(result, Post, {"slug": POST_SLUG}, {**POST, "author": author})
    if len(result.created) > before:
        post.categories.set(categories)
        post.workshops.set(Workshop.objects.filter(slug=WORKSHOP_SLUG))
