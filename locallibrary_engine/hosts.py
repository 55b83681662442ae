"""The deploy targets: the files each host reads and the databases it can keep."""

# The files each host reads, by deploy_target. The files of the hosts not chosen are
# not part of the project ("all" keeps them all). gunicorn.conf.py and
# .python-version stay in every project: several hosts, CI and local tools read them.
DEPLOY_TARGET_FILES = {
    "heroku": ("Procfile", "app.json"),
    "render": ("render.yaml",),
    "railway": ("railpack.json",),
    "fly": ("fly.toml", "Dockerfile", ".dockerignore"),
    "pythonanywhere": ("pythonanywhere_wsgi.py",),
    "digitalocean": (".do/app.yaml",),
    "docker": ("Dockerfile", ".dockerignore", "compose.yaml"),
}

# The databases each host can keep. SQLite needs a disk that survives deploys and
# restarts; the container hosts wipe theirs. "all" writes every host's files, so only
# a database that all of them offer fits.
DEPLOY_TARGET_DATABASES = {
    "heroku": ("postgresql",),
    "render": ("postgresql",),
    "railway": ("postgresql", "mysql"),
    "fly": ("postgresql",),
    "pythonanywhere": ("postgresql", "mysql", "sqlite"),
    "digitalocean": ("postgresql",),
    "docker": ("postgresql", "mysql", "sqlite"),
    "all": ("postgresql",),
}


def host_file_in_project(relative, target):
    """Does a project deployed to `target` keep the file at `relative`? (Files no host owns: yes.)"""
    owners = [host for host, names in DEPLOY_TARGET_FILES.items() if relative in names]
    return not owners or target == "all" or target in owners
