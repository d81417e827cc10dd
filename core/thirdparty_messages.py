"""Messages of Django and its third-party apps that reach a screen, marked for our catalogue.

Django 5.2's own Vietnamese catalogue leaves many messages untranslated (pagination,
several validation messages, password validators, time spans, the CSRF failure page) and
translates others poorly; django-filter and django-simple-history ship no Vietnamese at all.
Our ``locale/vi`` comes first in ``LOCALE_PATHS``, so every msgid listed here and translated
there wins over the package's own catalogue.

``makemessages`` only keeps msgids it finds in our sources, so this module exists to mark
them: each line marks one msgid, copied byte for byte from the installed package (Django
5.2, django-filter 26.2, django-simple-history 3.13). ``gettext_noop`` and the lazy
functions never translate anything at import time; nothing imports this module.
When a package is upgraded, compare its msgids again (see ``tests/test_locale.py``).
"""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

# Django: pagination
gettext_noop("…")
gettext_noop("That page number is not an integer")
gettext_noop("That page number is less than 1")
gettext_noop("That page contains no results")

# Django: validators
gettext_noop("Enter a valid value.")
gettext_noop("Enter a valid domain name.")
gettext_noop("Enter a valid URL.")
gettext_noop("Enter a valid integer.")
gettext_noop("Enter a valid email address.")
gettext_noop("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.")
gettext_noop("Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens.")
gettext_noop("Enter a valid %(protocol)s address.")
gettext_noop("IPv4")
gettext_noop("IPv6")
gettext_noop("IPv4 or IPv6")
gettext_noop("Enter only digits separated by commas.")
gettext_noop("Ensure this value is %(limit_value)s (it is %(show_value)s).")
gettext_noop("Ensure this value is less than or equal to %(limit_value)s.")
gettext_noop("Ensure this value is greater than or equal to %(limit_value)s.")
gettext_noop("Ensure this value is a multiple of step size %(limit_value)s.")
gettext_noop(
    "Ensure this value is a multiple of step size %(limit_value)s, starting from %(offset)s, e.g. %(offset)s, %(valid_value1)s, %(valid_value2)s, and so on."
)
ngettext_lazy(
    "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
    "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
)
ngettext_lazy(
    "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
    "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
)
gettext_noop("Enter a number.")
ngettext_lazy(
    "Ensure that there are no more than %(max)s digit in total.",
    "Ensure that there are no more than %(max)s digits in total.",
)
ngettext_lazy(
    "Ensure that there are no more than %(max)s decimal place.",
    "Ensure that there are no more than %(max)s decimal places.",
)
ngettext_lazy(
    "Ensure that there are no more than %(max)s digit before the decimal point.",
    "Ensure that there are no more than %(max)s digits before the decimal point.",
)
gettext_noop("File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s.")
gettext_noop("Null characters are not allowed.")
gettext_noop("This is not a valid IPv6 address.")

# Django: model validation
gettext_noop("and")
gettext_noop("%(model_name)s with this %(field_labels)s already exists.")
gettext_noop("Constraint “%(name)s” is violated.")
gettext_noop("Value %(value)r is not a valid choice.")
gettext_noop("This field cannot be null.")
gettext_noop("This field cannot be blank.")
gettext_noop("%(model_name)s with this %(field_label)s already exists.")
gettext_noop("%(field_label)s must be unique for %(date_field_label)s %(lookup_type)s.")
gettext_noop("“%(value)s” value must be either True or False.")
gettext_noop("“%(value)s” value must be either True, False, or None.")
gettext_noop("“%(value)s” value has an invalid date format. It must be in YYYY-MM-DD format.")
gettext_noop("“%(value)s” value has the correct format (YYYY-MM-DD) but it is an invalid date.")
gettext_noop("“%(value)s” value has an invalid format. It must be in YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ] format.")
gettext_noop(
    "“%(value)s” value has the correct format (YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ]) but it is an invalid date/time."
)
gettext_noop("“%(value)s” value must be a decimal number.")
gettext_noop("“%(value)s” value has an invalid format. It must be in [DD] [[HH:]MM:]ss[.uuuuuu] format.")
gettext_noop("“%(value)s” value must be a float.")
gettext_noop("“%(value)s” value must be an integer.")
gettext_noop("“%(value)s” value must be either None, True or False.")
gettext_noop("“%(value)s” value has an invalid format. It must be in HH:MM[:ss[.uuuuuu]] format.")
gettext_noop("“%(value)s” value has the correct format (HH:MM[:ss[.uuuuuu]]) but it is an invalid time.")
gettext_noop("“%(value)s” is not a valid UUID.")
gettext_noop("Value must be valid JSON.")
gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice.")

# Django: forms
gettext_noop("This field is required.")
gettext_noop("Enter a whole number.")
gettext_noop("Enter a valid date.")
gettext_noop("Enter a valid time.")
gettext_noop("Enter a valid date/time.")
gettext_noop("Enter a valid duration.")
gettext_noop("The number of days must be between {min_days} and {max_days}.")
gettext_noop("No file was submitted. Check the encoding type on the form.")
gettext_noop("No file was submitted.")
gettext_noop("The submitted file is empty.")
ngettext_lazy(
    "Ensure this filename has at most %(max)d character (it has %(length)d).",
    "Ensure this filename has at most %(max)d characters (it has %(length)d).",
)
gettext_noop("Please either submit a file or check the clear checkbox, not both.")
gettext_noop("Upload a valid image. The file you uploaded was either not an image or a corrupted image.")
gettext_noop("Select a valid choice. %(value)s is not one of the available choices.")
gettext_noop("Enter a list of values.")
gettext_noop("Enter a complete value.")
gettext_noop("Enter a valid UUID.")
gettext_noop("Enter a valid JSON.")
gettext_noop(
    "ManagementForm data is missing or has been tampered with. Missing fields: %(field_names)s. You may need to file a bug report if the issue persists."
)
ngettext_lazy("Please submit at most %(num)d form.", "Please submit at most %(num)d forms.")
ngettext_lazy("Please submit at least %(num)d form.", "Please submit at least %(num)d forms.")
gettext_noop("Please correct the duplicate data for %(field)s.")
gettext_noop("Please correct the duplicate data for %(field)s, which must be unique.")
gettext_noop(
    "Please correct the duplicate data for %(field_name)s which must be unique for the %(lookup)s in %(date_field)s."
)
gettext_noop("Please correct the duplicate values below.")
gettext_noop("The inline value did not match the parent instance.")
gettext_noop("Select a valid choice. That choice is not one of the available choices.")
gettext_noop("“%(pk)s” is not a valid value.")
gettext_noop(
    "%(datetime)s couldn’t be interpreted in time zone %(current_timezone)s; it may be ambiguous or it may not exist."
)
gettext_noop("Currently")
gettext_noop("Change")
gettext_noop("Unknown")
gettext_noop("Yes")
gettext_noop("No")

# Django: text, time spans and the CSRF failure page
pgettext_lazy("String to return when truncating text", "%(truncated_text)s…")
gettext_noop("or")
ngettext_lazy("%(num)d year", "%(num)d years")
ngettext_lazy("%(num)d month", "%(num)d months")
ngettext_lazy("%(num)d week", "%(num)d weeks")
ngettext_lazy("%(num)d day", "%(num)d days")
ngettext_lazy("%(num)d hour", "%(num)d hours")
ngettext_lazy("%(num)d minute", "%(num)d minutes")
gettext_noop("Forbidden")
gettext_noop("CSRF verification failed. Request aborted.")
gettext_noop(
    "You are seeing this message because this HTTPS site requires a “Referer header” to be sent by your web browser, but none was sent. This header is required for security reasons, to ensure that your browser is not being hijacked by third parties."
)
gettext_noop(
    "If you have configured your browser to disable “Referer” headers, please re-enable them, at least for this site, or for HTTPS connections, or for “same-origin” requests."
)
gettext_noop(
    'If you are using the <meta name="referrer" content="no-referrer"> tag or including the “Referrer-Policy: no-referrer” header, please remove them. The CSRF protection requires the “Referer” header to do strict referer checking. If you’re concerned about privacy, use alternatives like <a rel="noreferrer" …> for links to third-party sites.'
)
gettext_noop(
    "You are seeing this message because this site requires a CSRF cookie when submitting forms. This cookie is required for security reasons, to ensure that your browser is not being hijacked by third parties."
)
gettext_noop(
    "If you have configured your browser to disable cookies, please re-enable them, at least for this site, or for “same-origin” requests."
)
gettext_noop("More information is available with DEBUG=True.")

# django.contrib.auth: login, password and account forms
gettext_noop("Invalid password format or unknown hashing algorithm.")
gettext_noop("No password set.")
gettext_noop("Reset password")
gettext_noop("Set password")
gettext_noop("The two password fields didn’t match.")
gettext_noop("Password")
gettext_noop("Password confirmation")
gettext_noop("Enter the same password as before, for verification.")
gettext_noop(
    "Whether the user will be able to authenticate using a password or not. If disabled, they may still be able to authenticate using other backends, such as Single Sign-On or LDAP."
)
gettext_noop("Password-based authentication")
gettext_noop("Enabled")
gettext_noop("Disabled")
gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password.")
gettext_noop("Enable password-based authentication for this user by setting a password.")
gettext_noop("Please enter a correct %(username)s and password. Note that both fields may be case-sensitive.")
gettext_noop("This account is inactive.")
gettext_noop("Email")
gettext_noop("New password")
gettext_noop("New password confirmation")
gettext_noop("Your old password was entered incorrectly. Please enter it again.")
gettext_noop("Old password")
gettext_noop("name")
gettext_noop("permission")
gettext_noop("permissions")
gettext_noop("group")
gettext_noop("groups")
gettext_noop("superuser status")
gettext_noop("Designates that this user has all permissions without explicitly assigning them.")
gettext_noop("The groups this user belongs to. A user will get all permissions granted to each of their groups.")
gettext_noop("user permissions")
gettext_noop("Specific permissions for this user.")
gettext_noop("username")
gettext_noop("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.")
gettext_noop("A user with that username already exists.")
gettext_noop("first name")
gettext_noop("last name")
gettext_noop("email address")
gettext_noop("staff status")
gettext_noop("Designates whether the user can log into this admin site.")
gettext_noop("active")
gettext_noop("Designates whether this user should be treated as active. Unselect this instead of deleting accounts.")
gettext_noop("date joined")
gettext_noop("user")
gettext_noop("users")
ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
)
ngettext_lazy(
    "Your password must contain at least %(min_length)d character.",
    "Your password must contain at least %(min_length)d characters.",
)
gettext_noop("The password is too similar to the %(verbose_name)s.")
gettext_noop("Your password can’t be too similar to your other personal information.")
gettext_noop("This password is too common.")
gettext_noop("Your password can’t be a commonly used password.")
gettext_noop("This password is entirely numeric.")
gettext_noop("Your password can’t be entirely numeric.")
gettext_noop(
    "Enter a valid username. This value may contain only unaccented lowercase a-z and uppercase A-Z letters, numbers, and @/./+/-/_ characters."
)
gettext_noop("Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.")

# django.contrib.admin: untranslated in its vi catalogue
gettext_noop("Select this object for an action - {}")
gettext_noop("Breadcrumbs")
gettext_noop("Model name")
gettext_noop("Add link")
gettext_noop("Change or view list link")
gettext_noop("After you’ve created a user, you’ll be able to edit more user options.")
gettext_noop("Error:")
ngettext_lazy("Please correct the error below.", "Please correct the errors below.")
gettext_noop("This action will <strong>enable</strong> password-based authentication for this user.")
gettext_noop("Disable password-based authentication")
gettext_noop("Enable password-based authentication")
gettext_noop("Skip to main content")
gettext_noop("Hide counts")
gettext_noop("Show counts")
gettext_noop("Toggle theme (current theme: auto)")
gettext_noop("Toggle theme (current theme: light)")
gettext_noop("Toggle theme (current theme: dark)")
gettext_noop("Added:")
gettext_noop("Changed:")
gettext_noop("Deleted:")
gettext_noop("Toggle navigation")
gettext_noop("Sidebar")
gettext_noop("Filter navigation items")
ngettext_lazy("entry", "entries")
gettext_noop("View selected %(model)s")
gettext_noop("Select all objects on this page for an action")

# django-simple-history (history pages of the admin)
gettext_noop("View history: %s")
gettext_noop('The %(name)s "%(obj)s" was changed successfully.')
gettext_noop("You may edit it again below")
gettext_noop("Revert %s")
gettext_noop("Created")
gettext_noop("Changed")
gettext_noop("Deleted")
gettext_noop("Deleted %(type_name)s")
gettext_noop("Revert")
gettext_noop("Change History")
gettext_noop("View %(verbose_name)s")
gettext_noop("Revert %(verbose_name)s")
gettext_noop("Press the 'Revert' button below to revert to this version of the object.")
gettext_noop("Press the 'Change History' button below to edit the history.")
gettext_noop("Choose a date from the list below to revert to a previous version of this object.")
gettext_noop("This object doesn't have a change history.")
gettext_noop("Object")
gettext_noop("Comment")
gettext_noop("Changed by")
gettext_noop("Change reason")
gettext_noop("Changes")

# django-filter
gettext_noop("Today")
gettext_noop("Yesterday")
gettext_noop("Past 7 days")
gettext_noop("This month")
gettext_noop("This year")
gettext_noop("Multiple values may be separated by commas.")
gettext_noop("%s (descending)")
gettext_noop("Ordering")
gettext_noop("Select a lookup.")
gettext_noop("Range query expects two values.")
gettext_noop("All")
gettext_noop("date")
gettext_noop("year")
gettext_noop("month")
gettext_noop("day")
gettext_noop("week day")
gettext_noop("hour")
gettext_noop("minute")
gettext_noop("second")
gettext_noop("contains")
gettext_noop("is in")
gettext_noop("is greater than")
gettext_noop("is greater than or equal to")
gettext_noop("is less than")
gettext_noop("is less than or equal to")
gettext_noop("starts with")
gettext_noop("ends with")
gettext_noop("is in range")
gettext_noop("is null")
gettext_noop("matches regex")
gettext_noop("search")
gettext_noop("is contained by")
gettext_noop("overlaps")
gettext_noop("has key")
gettext_noop("has keys")
gettext_noop("has any keys")
gettext_noop("exclude")
