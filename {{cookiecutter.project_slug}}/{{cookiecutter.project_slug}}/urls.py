"""
URL configuration for {{ cookiecutter.project_slug }} project.

The `urlpatterns` list routes URLs to views. For more information please see:
    https://docs.djangoproject.com/en/{{ cookiecutter.django_version }}/topics/http/urls/
"""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
# stage: authentication

from catalog.accounts import LogoutView
# endstage

urlpatterns = [
    path("admin/", admin.site.urls),
    # The catalog app (MDN tutorial part 2: "Creating a skeleton website").
    path("catalog/", include("catalog.urls")),
    # stage: home-page
    # Send the site root to the catalog; permanent, as the root never changes.
    path("", RedirectView.as_view(url="/catalog/", permanent=True)),
    # endstage
    # until: home-page
    # The catalog has no page before the home page (part 5), so the site root leads to
    # the admin site meanwhile; temporary, so browsers do not keep it for later.
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    # endstage
    # stage: authentication
    # Logout with a `next` that leads off the site shows the logged-out page, not a 405.
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    # Login, logout and password reset views (tutorial part 8: "User authentication").
    path("accounts/", include("django.contrib.auth.urls")),
    # endstage
]

# Django's custom error pages: templates/403.html, 404.html and 500.html are used
# automatically when DEBUG is False.
