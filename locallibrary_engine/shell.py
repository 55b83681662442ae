"""Quoting for the commands printed for the student: POSIX shells and PowerShell.

Every answer is text and may hold anything a name can: quotes, ``$``, ``&``, CJK
characters or emoji. A command shown for a shell quotes each argument so that
pasting it passes exactly that text.
"""

import re
import shlex

# PowerShell treats the typographic single quotes as quotes too; each is doubled inside '...'.
POWERSHELL_SINGLE_QUOTES = re.compile("['\u2018\u2019\u201a\u201b]")
# Words PowerShell passes as they are: no "," (an array), no "$", "@" only inside (splatting).
POWERSHELL_BARE = re.compile(r"^[\w=:./-][\w=:./@+-]*$", re.ASCII)


def posix_quote(text):
    """One argument for sh, bash or zsh."""
    return shlex.quote(str(text))


def powershell_quote(text):
    """One argument for PowerShell: bare when harmless, else a verbatim '...' string."""
    text = str(text)
    if POWERSHELL_BARE.match(text):
        return text
    return "'" + POWERSHELL_SINGLE_QUOTES.sub(lambda match: match.group() * 2, text) + "'"


def command_line(words, quote, continuation=None, width=100):
    """Join quoted `words` into a command, broken into lines with `continuation` ("\\" or "`")."""
    quoted = [quote(word) for word in words]
    if continuation is None:
        return " ".join(quoted)
    lines, current = [], quoted[0]
    for word in quoted[1:]:
        if len(current) + 1 + len(word) > width:
            lines.append(f"{current} {continuation}")
            current = "  " + word
        else:
            current += " " + word
    lines.append(current)
    return "\n".join(lines)
