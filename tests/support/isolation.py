"""An empty HOME for cookiecutter and git, so no user config leaks into a test or a bench."""

# Variables of the user's shell that would change a bake, a commit or a project's settings.
LEAKING_VARIABLES = (
    "GIT_CONFIG_GLOBAL",
    *(f"GIT_{role}_{name}" for name in ("NAME", "EMAIL") for role in ("AUTHOR", "COMMITTER")),
    "DJANGO_SECRET_KEY",
    "DJANGO_DEBUG",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "DJANGO_SETTINGS_MODULE",
)


def empty_home(home):
    """Environment variables that make `home` the user's empty HOME, for cookiecutter and git."""
    # cookiecutter computes its default folders at import time, so name them in a config.
    config = home / ".cookiecutterrc"
    config.write_text(f"cookiecutters_dir: {home / '.cookiecutters'}\nreplay_dir: {home / '.cookiecutter_replay'}\n")
    return {"HOME": str(home), "USERPROFILE": str(home), "COOKIECUTTER_CONFIG": str(config), "GIT_CONFIG_NOSYSTEM": "1"}


def isolate(monkeypatch, home):
    """Make `home` the empty HOME, and drop the user's variables, until `monkeypatch` undoes it."""
    for name, value in empty_home(home).items():
        monkeypatch.setenv(name, value)
    for name in LEAKING_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return home
