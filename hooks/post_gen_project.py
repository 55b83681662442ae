"""Shape the generated project to the answers, then write ``.env`` and make the first commit.

cookiecutter renders this file, then runs it in the project folder. It reads every
answer once and hands them to ``locallibrary_engine.bake.post_gen`` (next to
cookiecutter.json): keep the chosen host's files and the tutorial stage's, write the
comments in the project's language, write a fresh secret key to ``.env`` (never
committed), and commit; or, baked over a student's project, report what changed.
Plain Python with no third-party imports: it runs on Windows and without a network.
"""

import json
import sys


def main():
    answers = json.loads(r"""{{ cookiecutter | tojson }}""")
    # This template's folder, in a list: the JSON text then cannot start with a quote.
    sys.path.insert(0, json.loads(r"""{{ [template_dir()] | tojson }}""")[0])
    from locallibrary_engine.bake import post_gen

    return post_gen(answers, ".")


if __name__ == "__main__":
    sys.exit(main())
