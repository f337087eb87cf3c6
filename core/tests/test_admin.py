"""Django's own user and group lists, as core/admin.py registers them again."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("selected", ["abc", "\x00"])
@pytest.mark.parametrize("model", ["auth.User", "auth.Group"])
def test_the_user_and_group_lists_refuse_a_selection_that_is_not_record_ids(
    admin_client, model, selected
):
    app_label, model_name = model.lower().split(".")
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    data = {"action": "delete_selected", "_selected_action": [selected], "index": 0}
    response = admin_client.post(url, data, follow=True)
    assert response.redirect_chain
    assert "The selected rows are not this list" in response.content.decode()
