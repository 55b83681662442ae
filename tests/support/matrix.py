"""Which combinations of choices the slow tests run: every pair of values, not every product.

Running a project costs seconds; baking it costs a fraction of one. So the fast checks bake
every combination of python_version x django_version x database, and the slow ones run a
smaller set in which every pair of values (each Django with each database, each Python with
each database, each Django with each Python) still appears at least once: most faults come
from one choice or from two choices together (all-pairs, or pairwise, testing).
"""

from itertools import combinations


def pairs_of(combination):
    """The (position, value, position, value) pairs one combination covers."""
    return {(i, combination[i], j, combination[j]) for i, j in combinations(range(len(combination)), 2)}


def all_pairs(valid):
    """A subset of `valid` combinations (tuples, in the given order) that covers every pair of
    values `valid` covers. Greedy: take the combination covering most pairs not yet covered
    (the first such, so the choice is stable), until none is left."""
    valid = list(valid)
    uncovered = set().union(*(pairs_of(combination) for combination in valid))
    chosen = []
    while uncovered:
        best = max(valid, key=lambda combination: len(pairs_of(combination) & uncovered))
        chosen.append(best)
        uncovered -= pairs_of(best)
    return [combination for combination in valid if combination in chosen]
