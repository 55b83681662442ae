"""Compile the translation catalogues (locale/*/LC_MESSAGES/django.po) into django.mo.

    python scripts/compile_messages.py           # compile every catalogue
    python scripts/compile_messages.py --check   # exit 1 if a .mo is missing or out of date

Django reads the compiled .mo files, and the repository holds them, so neither the
host nor a student's computer needs gettext to show the site in Chinese. After editing
a .po file, run this script and commit the .mo file with it (a test fails while the
two disagree). `python manage.py compilemessages` does the same, but it needs GNU
gettext's msgfmt, which Windows and macOS do not include; this script needs only
Python's standard library, so it adds no dependency.

It writes exactly the bytes msgfmt writes (hash table included), so git sees no change
whichever of the two ran last. Like msgfmt, it leaves out fuzzy and untranslated
entries. New texts reach the .po file with `python manage.py makemessages -l zh_Hans
--add-location file`, which does need gettext (on Debian or Ubuntu: apt install gettext).
"""

import ast
import re
import struct
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = PROJECT_DIR / "locale"

KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$")


def read_po(path):
    """The entries of a .po file, as dicts.

    Keys: msgid, msgstr (a list: one item, or one per plural form), and when present
    msgctxt and msgid_plural; flags is the set of "#," flags (e.g. "fuzzy"). Obsolete
    ("#~") entries are skipped.
    """
    entries, entry, field = [], {"flags": set(), "msgstr": {}}, None

    def close():
        nonlocal entry
        if "msgid" in entry:
            entry["msgstr"] = [entry["msgstr"][index] for index in sorted(entry["msgstr"])]
            entries.append(entry)
        entry = {"flags": set(), "msgstr": {}}

    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry["msgstr"]:  # A comment after a msgstr starts the next entry.
                close()
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith('"') and field:
            text = ast.literal_eval(line)
        else:
            match = KEYWORD.match(line)
            if not match:
                raise ValueError(f"{path}:{number}: cannot read {line!r}")
            keyword, index, quoted = match.groups()
            if keyword in ("msgctxt", "msgid") and entry["msgstr"]:
                close()
            field = (keyword, int(index or 0))
            text = ast.literal_eval(quoted)
            if keyword == "msgstr":
                entry["msgstr"][field[1]] = ""
            else:
                entry[keyword] = ""
        keyword, index = field
        if keyword == "msgstr":
            entry["msgstr"][index] += text
        else:
            entry[keyword] += text
    close()
    return entries


def compiled_messages(entries):
    """{key: translation} as a .mo file holds them, without fuzzy or untranslated entries."""
    messages = {}
    for entry in entries:
        if "fuzzy" in entry["flags"] or not entry["msgstr"][0]:  # msgfmt's test for "untranslated".
            continue
        key = entry["msgid"]
        if "msgctxt" in entry:
            key = f"{entry['msgctxt']}\x04{key}"
        if "msgid_plural" in entry:
            key = f"{key}\x00{entry['msgid_plural']}"
        translation = "\x00".join(entry["msgstr"])
        if not key:  # The header: msgfmt leaves this line out of the .mo file.
            translation = re.sub(r"^POT-Creation-Date:.*\n", "", translation, flags=re.MULTILINE)
        messages[key.encode()] = translation.encode()
    return messages


def hash_string(text):
    """msgfmt's hash of a key (hashpjw), as a 32-bit number."""
    value = 0
    for byte in text:
        value = ((value << 4) + byte) & 0xFFFFFFFFFFFFFFFF
        high = value & 0xF0000000
        if high:
            value ^= high >> 24
            value ^= high
    return value & 0xFFFFFFFF


def next_prime(number):
    """msgfmt's hash table size: its "next prime", which also skips 3 (as msgfmt does)."""

    def is_prime(candidate):
        divisor, square = 3, 9
        while square < candidate and candidate % divisor:
            divisor += 1
            square += 4 * divisor
            divisor += 1
        return candidate % divisor != 0

    number |= 1
    while not is_prime(number):
        number += 2
    return number


def mo_bytes(messages):
    """A .mo file (GNU format, revision 0, little-endian) holding messages, as msgfmt writes it."""
    keys = sorted(messages)
    count = len(keys)
    hash_size = max(next_prime(count * 4 // 3), 3)
    ids_offset = 28
    strs_offset = ids_offset + 8 * count
    hash_offset = strs_offset + 8 * count
    data_offset = hash_offset + 4 * hash_size

    tables, data = [], b""
    for strings in (keys, [messages[key] for key in keys]):
        table = []
        for string in strings:
            table += [len(string), data_offset + len(data)]
            data += string + b"\x00"
        tables.append(table)

    hash_table = [0] * hash_size
    for number, key in enumerate(keys, 1):
        value = hash_string(key.split(b"\x00")[0])
        index = value % hash_size
        if hash_table[index]:
            step = 1 + value % (hash_size - 2)
            while hash_table[index]:
                index = index - (hash_size - step) if index >= hash_size - step else index + step
        hash_table[index] = number

    header = struct.pack("<7I", 0x950412DE, 0, count, ids_offset, strs_offset, hash_size, hash_offset)
    return b"".join(
        [
            header,
            struct.pack(f"<{2 * count}I", *tables[0]),
            struct.pack(f"<{2 * count}I", *tables[1]),
            struct.pack(f"<{hash_size}I", *hash_table),
            data,
        ]
    )


def compile_po(po_path):
    """The bytes of the .mo file for the .po file at po_path."""
    return mo_bytes(compiled_messages(read_po(po_path)))


def main(argv):
    check = "--check" in argv
    stale = []
    for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        compiled = compile_po(po_path)
        if mo_path.is_file() and mo_path.read_bytes() == compiled:
            continue
        if check:
            stale.append(mo_path)
        else:
            mo_path.write_bytes(compiled)
            print(f"Compiled {po_path.relative_to(PROJECT_DIR)} -> {mo_path.name}")
    if stale:
        for mo_path in stale:
            print(f"{mo_path.relative_to(PROJECT_DIR)} is missing or out of date: run scripts/compile_messages.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
