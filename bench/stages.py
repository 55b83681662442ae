"""Measure baking every tutorial stage, in each language, against the complete project.

    python bench/stages.py [--runs 5]

Prints, for each stage and language, the median and the fastest wall time of an
in-process `--no-input` bake (hooks and the git commit included) and its number of
files. Target (issue 5): baking any stage takes no longer than baking the complete
one. Rounds interleave the stages, so a busy moment of the machine falls on all of
them; the verdict compares the fastest runs, the least disturbed by other work.
"""

import argparse
import statistics
import time

from common import workspace  # Puts tests/ on sys.path for support.

from support.baking import TUTORIAL_STAGES, bake, baked_files

LANGUAGES = ("en", "zh-hans")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    times = {(stage, language): [] for stage in TUTORIAL_STAGES for language in LANGUAGES}
    files = {}
    with workspace("bench-stages-") as work:
        for run in range(args.runs):
            for stage, language in times:
                started = time.perf_counter()
                project = bake(work / f"{stage}-{language}-{run}", tutorial_stage=stage, language=language)
                times[stage, language].append(time.perf_counter() - started)
                files[stage, language] = len(baked_files(project))

    print(f"bake time over {args.runs} runs (in-process, hooks + git commit): median, fastest")
    for language in LANGUAGES:
        complete = min(times["complete", language])
        for stage in TUTORIAL_STAGES:
            runs = times[stage, language]
            verdict = "ok" if min(runs) <= complete else "SLOWER than complete"
            print(
                f"  {language:8} {stage:15} {statistics.median(runs):.3f} s  {min(runs):.3f} s"
                f"  {files[stage, language]:3} files  {verdict}"
            )


if __name__ == "__main__":
    main()
