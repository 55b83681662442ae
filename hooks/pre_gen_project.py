"""Check the answers, and that a bake over an existing project is safe, before any file is written.

cookiecutter renders this file, then runs it in the project folder. It reads every
answer once and hands them to ``locallibrary_engine.bake.pre_gen`` (next to
cookiecutter.json), which prints every problem with what to change and exits with
status 1; cookiecutter then removes a half-made new folder, and a student's existing
project is left as it was. Plain Python with no third-party imports: it runs on
Windows and without a network.
"""

import json
import sys


def main():
    answers = json.loads(r"""{{ cookiecutter | tojson }}""")
    # This template's folder, in a list: the JSON text then cannot start with a quote.
    sys.path.insert(0, json.loads(r"""{{ [template_dir()] | tojson }}""")[0])
    from locallibrary_engine.bake import pre_gen

    return pre_gen(answers, ".")


if __name__ == "__main__":
    sys.exit(main())
