"""Error pages: plain words, never the request's data or the exception's message.

The 403 page keeps the organization's navigation, says which roles may do what was refused and
names the organization's administrators (who can change roles)."""

from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render

from safepost.app.accounts.rules import PERMISSIONS, Role


def _org_membership(request):
    from safepost.app.accounts.services import membership

    match = getattr(request, "resolver_match", None)
    slug = (match.kwargs.get("org") if match else None) or ""
    user = getattr(request, "user", None)
    return membership(user, slug) if slug and user is not None and user.is_authenticated else None


def forbidden(request, exception=None):
    from safepost.app.accounts.models import Membership

    ctx = {"title": "Not allowed",
           "message": "Your role in this organization does not allow this page or action."}
    m = _org_membership(request)
    action = getattr(exception, "action", None)
    if m is not None:
        request.org, request.membership = m.org, m     # the shell (navigation) of this organization
        admins = (Membership.objects.filter(org=m.org, role=Role.ADMIN.value, user__is_active=True)
                  .select_related("user").order_by("user__email"))
        ctx["admins"] = [(a.user.name or a.user.email, a.user.email) for a in admins]
        ctx["your_role"] = m.role_enum.label
    if action is not None:
        ctx["allowed_roles"] = [r.label for r in Role if r in PERMISSIONS[action]]
    return render(request, "web/forbidden.html", ctx, status=403)


# Django's parser refuses a part whose headers pass 1 KB (a file name of hundreds of characters)
UNREADABLE_UPLOAD = ("The upload could not be read: send it as multipart/form-data, with a file name of at "
                     "most a few hundred characters (rename the file and try again).")

# a part whose headers are not UTF-8 (a file name in another encoding) is dropped by the parser
MISSING_FILE = "No file arrived: send it as multipart/form-data, with a file name in UTF-8."


def bad_request(request, exception=None):
    message = UNREADABLE_UPLOAD if isinstance(exception, MultiPartParserError) else \
        "The request could not be read. Go back, check what you entered and try again."
    return render(request, "web/error.html", {"title": "Bad request", "message": message}, status=400)


def not_found(request, exception=None):
    return render(request, "web/error.html", {"title": "Not found",
                  "message": "There is nothing here, or you are not a member of this organization."}, status=404)


def server_error(request):
    from safepost.app.web import unavailable

    if unavailable.current_exception_unavailable():     # raised in a middleware: still a 503
        return unavailable.response(request)
    return render(request, "web/error.html", {"title": "Something went wrong",
                  "message": "The error was logged without the text you entered. Try again."}, status=500)
