#!/usr/bin/env bash
# Mutation testing of the core arithmetic with mutmut, one module at a time, on demand only.
#
#   scripts/mutation.sh [MODULE ...]      e.g. scripts/mutation.sh _percent _numbers
#
# With no argument every module below runs, smallest first.  Each module is mutated in its
# own copy of the committed tree (build/mutation/<module>/; MUTATION_TREE=worktree copies
# the working tree instead, or name another commit), against the fast tests that
# exercise it, with 25 hypothesis examples a test; the score is written to
# build/mutation/<module>/score.txt and the survivors to survivors.txt.
# MUTATION_TIMEOUT (seconds, default 3600) bounds each module's run; MUTATION_CHILDREN
# (default 2) is the number of mutants run at once; MUTATION_DESELECT lists test ids to leave
# out (mutmut needs every selected test to pass on the unmutated code).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
timeout_seconds="${MUTATION_TIMEOUT:-3600}"
children="${MUTATION_CHILDREN:-2}"
tree="${MUTATION_TREE:-HEAD}"

# module -> the tests that exercise it (the full suite is far too slow per mutant).
declare -A tests=(
    [_percent]="tests/test_percent.py tests/test_reference.py tests/test_mutants.py"
    [_numbers]="tests/test_numbers.py tests/test_reference.py tests/test_mutants.py"
    [_period]="tests/test_period.py tests/test_reference.py tests/test_mutants.py tests/test_mutants_period.py"
    [_amount]="tests/test_amount.py tests/test_reference.py tests/test_mutants.py tests/test_mutants_amount.py"
    [_ops]="tests/test_ops.py tests/test_reference.py tests/test_mutants.py"
    [engine]="tests/test_ledger.py tests/test_reference.py tests/test_mutants.py tests/test_mutants_engine.py"
)
# Tests that cannot run under mutmut's trampolines (they read a converter's own signature).
declare -A skip=(
    [_period]="tests/test_period.py::TestPeriodic::test_anchor_must_be_a_date"
)
declare -A paths=(
    [_percent]="src/sanctioncalc/_percent.py"
    [_numbers]="src/sanctioncalc/_numbers.py"
    [_period]="src/sanctioncalc/_period.py"
    [_amount]="src/sanctioncalc/_amount.py"
    [_ops]="src/sanctioncalc/_ops.py"
    [engine]="src/sanctioncalc/_ledger/engine.py"
)
order=(_percent _numbers _period _amount _ops engine)

modules=("$@")
if [[ ${#modules[@]} -eq 0 ]]; then
    modules=("${order[@]}")
fi

# Install the mutation group into the project's environment (adds to it, removes nothing).
(cd "$root" && python3 -m uv run --group mutation python -c "import mutmut") >/dev/null

for module in "${modules[@]}"; do
    if [[ -z "${paths[$module]:-}" ]]; then
        echo "unknown module: $module (one of: ${order[*]})" >&2
        exit 2
    fi
    work="$root/build/mutation/$module"
    rm -rf "$work"
    mkdir -p "$work"
    if [[ "$tree" == "worktree" ]]; then
        cp -r "$root/src" "$root/tests" "$root/pyproject.toml" "$work/"
    else
        git -C "$root" archive "$tree" src tests pyproject.toml | tar -x -C "$work"
    fi
    selection=""
    for file in ${tests[$module]}; do
        [[ -f "$work/$file" ]] && selection+=$'\n    '"$file"
    done
    # mutmut runs the selected tests more than once in one process: a hypothesis profile for
    # that (few examples, the repeat allowed), registered in the copy's conftest only.
    python3 - "$work/tests/conftest.py" <<'PY'
import sys

path = sys.argv[1]
text = open(path, encoding="utf-8").read()
profile = (
    'settings.register_profile("mutation", max_examples=25, deadline=None, '
    "suppress_health_check=[HealthCheck.differing_executors, HealthCheck.too_slow])\n"
)
marker = "settings.load_profile("
assert marker in text, "tests/conftest.py no longer loads a profile"
open(path, "w", encoding="utf-8").write(text.replace(marker, profile + marker, 1))
PY
    for test in ${skip[$module]:-} ${MUTATION_DESELECT:-}; do
        selection+=$'\n    --deselect\n    '"$test"
    done
    cat >"$work/setup.cfg" <<CFG
[mutmut]
source_paths =
    src/sanctioncalc
only_mutate =
    ${paths[$module]}
pytest_add_cli_args =
    -p
    no:cacheprovider
    -q
pytest_add_cli_args_test_selection =${selection}
CFG
    echo "== $module: mutating ${paths[$module]} against:${selection//$'\n    '/ }"
    start=$(date +%s)
    status=0
    (
        cd "$work" &&
            HYPOTHESIS_PROFILE=mutation timeout "$timeout_seconds" \
                python3 -m uv run --project "$root" --group mutation \
                mutmut run --max-children "$children"
    ) >"$work/run.log" 2>&1 || status=$?
    (cd "$work" && python3 -m uv run --project "$root" --group mutation mutmut results --all true) \
        >"$work/results.txt" 2>&1 || true
    killed=$(grep -c ': killed$' "$work/results.txt" || true)
    total=$(grep -c ': ' "$work/results.txt" || true)
    grep -v ': killed$' "$work/results.txt" | grep ': ' >"$work/survivors.txt" || true
    elapsed=$(($(date +%s) - start))
    note=""
    [[ $status -eq 124 ]] && note=" (stopped at the ${timeout_seconds}s limit: partial)"
    if grep -q "Failed to run" "$work/run.log"; then
        echo "$module: the selected tests do not pass unmutated; see $work/run.log" >&2
        continue
    fi
    echo "$module: $killed killed of $total mutants in ${elapsed}s$note" | tee "$work/score.txt"
done
