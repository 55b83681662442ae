"""What this project changes in Django's account views (tutorial part 8)."""

from django.contrib.auth import views as auth_views


class LogoutView(auth_views.LogoutView):
    """Django's logout view; a `next` that leads off the site shows the logged-out page.

    Django ignores an unsafe `next` (https://evil.example) and redirects to the logout
    URL itself instead, which answers a GET with 405. Returning the URL of this very
    request makes the view render registration/logged_out.html, as without `next`.
    """

    def get_default_redirect_url(self):
        url = super().get_default_redirect_url()
        return self.request.get_full_path() if url == self.request.path else url
