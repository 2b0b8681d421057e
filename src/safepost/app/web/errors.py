"""Error pages: plain words, never the request's data or the exception's message."""

from django.shortcuts import render


def forbidden(request, exception=None):
    return render(request, "web/error.html", {"title": "Not allowed",
                  "message": "Your role in this organization does not allow this page or action."}, status=403)


def not_found(request, exception=None):
    return render(request, "web/error.html", {"title": "Not found",
                  "message": "There is nothing here, or you are not a member of this organization."}, status=404)


def server_error(request):
    return render(request, "web/error.html", {"title": "Something went wrong",
                  "message": "The error was logged without the text you entered. Try again."}, status=500)
