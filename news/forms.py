from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout, Submit
from django import forms
from django.urls import reverse

from .models import COMMENT_MAX_LENGTH, Comment

HONEYPOT_FIELD = "homepage"
REQUIRED_NOTE = '<p class="small text-body-secondary">Fields marked * must be filled in.</p>'


class NeverFilledTextInput(forms.TextInput):
    """A text input that is always rendered empty, whatever was sent."""

    def format_value(self, value):
        return None


class CommentForm(forms.ModelForm):
    """A visitor's comment. `homepage` is a honeypot: hidden from people, filled in by bots."""

    homepage = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=NeverFilledTextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Comment
        fields = ["name", "email", "website", "text"]
        labels = {
            "name": "Your name",
            "email": "Your email address",
            "website": "Your website (optional)",
            "text": "Comment",
        }
        help_texts = {
            "email": "Never shown on the site.",
            "text": f"Plain text, up to {COMMENT_MAX_LENGTH:,} characters. Every comment is "
            "read by the secretariat before it appears.",
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, post, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse("news:comment-create", kwargs={"slug": post.slug})
        self.helper.form_id = "comment-form"
        self.helper.layout = Layout(
            # crispy-forms marks a required field's label with an asterisk: say what it means.
            HTML(REQUIRED_NOTE),
            "name",
            "email",
            "website",
            Field("text", maxlength=COMMENT_MAX_LENGTH),
            # Hidden from people (and from screen readers); simple bots fill every field.
            Div(HONEYPOT_FIELD, css_class="d-none", aria_hidden="true"),
            Submit("submit", "Post comment"),
        )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get(HONEYPOT_FIELD):
            # Shown above the form: the field itself is hidden. It is rendered empty again,
            # so a person (whose browser filled it in) can simply send the comment again.
            raise forms.ValidationError(
                "Your comment could not be accepted: it looked as if it was sent automatically. "
                "If you wrote it yourself, please send it again."
            )
        return cleaned_data
