"""The one place where what went wrong becomes words and an exit status.

The library names a build setting as the API does (`patient`, `on`, `clinic`); a person at the
command line gave it as an option, so it is named that way here.
"""

from __future__ import annotations

from handouts import HandoutsError, Problem, SpecError

OK = 0
FAILED = 1  # a report's gate or a check failed: the input is sound, the document not good enough
INVALID = 2  # bad input: a spec, profile, option or PDF that cannot be used
INTERNAL = 70  # a bug of ours (EX_SOFTWARE)
INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a command stopped by Ctrl-C

OPTIONS = {
    "patient": "--patient",
    "on": "--date",
    "clinician": "--clinician",
    "clinic": "--clinic",
    "page_size": "--page-size",
}


def problem_line(problem: Problem) -> str:
    if problem.setting is None:
        return str(problem)
    option = OPTIONS.get(problem.setting, problem.setting)
    return str(Problem("", problem.where, problem.message, problem.severity, option))


def error_lines(error: HandoutsError) -> list[str]:
    """An error as the lines a person reads: one per problem."""
    if isinstance(error, SpecError) and error.problems:
        return [problem_line(problem) for problem in error.problems]
    return str(error).splitlines() or [type(error).__name__]
