"""Login and password forms laid out with crispy-forms."""

from crispy_forms.helper import FormHelper
from django.contrib.auth import forms as auth_forms
from django.core.validators import MaxLengthValidator


class LoginForm(auth_forms.AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django sets the username's max_length after the field is built, so no validator holds it:
        # a longer name reached authenticate() and django-axes, whose attempt log holds 255 characters
        # (PostgreSQL refused the row: a server error). A name no account can have is refused here.
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
        self.helper = FormHelper()
        self.helper.form_tag = False


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
