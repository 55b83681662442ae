"""A new project's last steps: ``.env`` with a fresh secret key, the first commit, next steps.

The secret key is written only to ``.env``, which ``.gitignore`` keeps out of git, so
no rendered file and no commit ever holds it.
"""

import base64
import os
import shutil
import subprocess

from .messages import language_of, say
from .shell import posix_quote, powershell_quote

# Used only when the user has no git identity; passed per command, never written to
# the user's git config.
FALLBACK_NAME = "LocalLibrary template"
FALLBACK_EMAIL = "cookiecutter@localhost"

# Letters, digits, "-" and "_" (URL-safe base64): nothing a POSIX shell or PowerShell
# reads specially, so `set -a; . ./.env` loads the file as it is. 48 random bytes.
SECRET_KEY_BYTES = 48
ENV_FILE_MODE = 0o600  # Read and written by its owner only: it holds the secret key.


def make_secret_key():
    # What secrets.token_urlsafe returns, from the same source (os.urandom), without the
    # import of hashlib and random that the secrets module brings along.
    return base64.urlsafe_b64encode(os.urandom(SECRET_KEY_BYTES)).rstrip(b"=").decode("ascii")


def write_env_file(project_dir):
    """Write the local development settings read by settings.py (via python-dotenv), owner-only."""
    env_example = (project_dir / ".env.example").read_text(encoding="utf-8")
    lines = []
    for line in env_example.splitlines():
        if line.startswith("DJANGO_SECRET_KEY="):
            line = f"DJANGO_SECRET_KEY={make_secret_key()}"
        elif line.startswith("DJANGO_DEBUG="):
            line = "DJANGO_DEBUG=True"
        lines.append(line)
    path = project_dir / ".env"
    # Created with the mode, so the key is never readable by others, not even for a moment.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, ENV_FILE_MODE)
    with open(descriptor, "w", encoding="utf-8", newline="\n") as env_file:
        env_file.write("\n".join(lines) + "\n")
    os.chmod(path, ENV_FILE_MODE)  # Exactly this, whatever the umask took away.


def git(*args, project_dir, env=None):
    return subprocess.run(
        ["git", *args],
        cwd=project_dir,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )


def look_up_identity(project_dir):
    """Start reading the user's git identity, both keys in one git process; `git_identity_env`
    reads the answer. Each git process is a noticeable part of a bake, so this one runs
    beside the next."""
    return subprocess.Popen(
        ["git", "config", "--get-regexp", r"^user\.(name|email)$"],
        cwd=project_dir,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def git_identity_env(lookup, answers):
    """Return an environment that fills in whatever git identity the user lacks.

    The user's own identity wins; the template's answers, then a fallback, fill the
    gaps through environment variables, so the user's git config is never written.
    """
    env = dict(os.environ)
    output, _ = lookup.communicate()
    configured = set()
    for line in output.splitlines():
        key, _, value = line.partition(" ")
        if value.strip():  # An empty name or address is no identity: git refuses to commit with it.
            configured.add(key)
    fallbacks = (
        ("user.name", "NAME", answers["author_name"].strip() or FALLBACK_NAME),
        ("user.email", "EMAIL", answers["email"].strip() or FALLBACK_EMAIL),
    )
    for key, suffix, value in fallbacks:
        if key not in configured:
            env.setdefault(f"GIT_AUTHOR_{suffix}", value)
            env.setdefault(f"GIT_COMMITTER_{suffix}", value)
    return env


def init_git_repository(project_dir, answers):
    language = language_of(answers)
    if shutil.which("git") is None:
        command = "git init -b main && git add -A && git commit -m 'Initial commit'"
        print(say("no_git_warning", language, command=command))
        return False
    try:
        git("init", "--quiet", "--initial-branch=main", project_dir=project_dir)
        # Read once the repository exists, so that an identity the user sets for some
        # folders (includeIf "gitdir:...") counts; git adds the files meanwhile.
        with look_up_identity(project_dir) as lookup:
            git("add", "--all", project_dir=project_dir)
            git(
                "-c",
                "commit.gpgsign=false",
                # A new repository needs no housekeeping; skipping it spares a git process.
                "-c",
                "maintenance.auto=false",
                "commit",
                "--quiet",
                "--no-verify",
                "-m",
                "Initial commit from cookiecutter-locallibrary",
                project_dir=project_dir,
                env=git_identity_env(lookup, answers),
            )
    except subprocess.CalledProcessError as error:
        print(say("git_failed_warning", language, error=error.stderr.strip()))
        return False
    return True


def next_steps(project_dir, answers, committed, windows=None):
    """What the student reads after a new bake, with commands for their shell."""
    windows = os.name == "nt" if windows is None else windows
    quote = powershell_quote if windows else posix_quote
    join = "; " if windows else " && "  # Windows PowerShell 5.1 has no "&&".
    python = "py" if windows else "python3"
    activate = r".venv\Scripts\activate" if windows else "source .venv/bin/activate"
    language = language_of(answers)
    lines = ["", say("ready", language, folder=project_dir)]
    if committed:
        lines.append(say("repository_created", language))
    lines += [
        say("next_steps", language),
        f"  cd {quote(project_dir.name)}",
        f"  {python} -m venv .venv{join}{activate}",
        "  pip install -r requirements-dev.txt",
        f"  python manage.py migrate{join}python manage.py runserver",
    ]
    guide = say("each_host", language) if answers["deploy_target"] == "all" else answers["deploy_target"]
    lines.append(say("open_site", language, guide=guide))
    # Only cruft puts the template's commit in the answers; it writes .cruft.json after
    # this hook, and `cruft update` refuses to run while that file is not committed.
    if answers.get("_commit"):
        lines.append(say("cruft_commit", language))
        lines.append(f"  git add .cruft.json{join}git commit -m 'Record the template version'")
    return lines
