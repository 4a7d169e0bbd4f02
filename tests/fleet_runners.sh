#!/bin/bash
# Fleets on existing runners (docs/fleet.md): shards run by GNU parallel -
# locally with -j, and through --sshlogin (the login ':' is GNU parallel's
# own name for this computer, so the test needs no ssh) - and by a Slurm
# array (contrib/slurm/, run by a stand-in for sbatch that plays the array's
# tasks with the environment Slurm gives them). In every case the merged
# CSV must equal the single run's byte for byte: `fleet merge` is exact
# (counts are integer sums; machine k draws from its own stream whatever
# the shard).
# usage: fleet_runners.sh CAPISIM SOURCE_ROOT
set -u
capisim=$(realpath "$1")
src=$2
. "$(dirname "$0")/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src" || exit 2
export HOME=$tmp # GNU parallel keeps its state under ~/.parallel
scn=tests/fleet/crl-outage.scn
VARY=(--vary 'start=uniform(0,1d)' --vary 'reboot=random(6h..2d)'
	--vary 'profile=mix(win7-sp1:60,win10-22h2:40)'
	--vary 'patch=win7-sp1>win7-sp1-kb2666300@uniform(0,2d)')
ARGS=(--machines 800 --seed 11 "${VARY[@]}" --jobs 1)

"$capisim" fleet "$scn" "${ARGS[@]}" --csv "$tmp/single.csv" 2>/dev/null ||
	{ echo "Bail out! the single run failed"; exit 1; }

need_parallel() {
	command -v parallel >/dev/null || { echo "# SKIP GNU parallel not installed (scripts/bootstrap)"; return 1; }
}

# 8 shards, 4 at a time on this computer.
t_parallel_local() {
	need_parallel || return 0
	mkdir "$tmp/local"
	parallel -j 4 --halt now,fail=1 "$capisim" fleet "$scn" "${ARGS[@]@Q}" \
		--shard {}/8 --csv "$tmp/local/part{}.csv" ::: 0 1 2 3 4 5 6 7 \
		2>/dev/null || return 1
	"$capisim" fleet merge --csv "$tmp/local/all.csv" "$tmp"/local/part*.csv || return 1
	cmp "$tmp/local/all.csv" "$tmp/single.csv"
}

# The same through --sshlogin, as for several hosts (4 jobs on ':').
t_parallel_sshlogin() {
	need_parallel || return 0
	mkdir "$tmp/ssh"
	parallel --sshlogin 4/: --halt now,fail=1 "$capisim" fleet "$scn" \
		"${ARGS[@]@Q}" --shard {}/8 --csv "$tmp/ssh/part{}.csv" \
		::: 0 1 2 3 4 5 6 7 2>/dev/null || return 1
	"$capisim" fleet merge --csv "$tmp/ssh/all.csv" "$tmp"/ssh/part*.csv || return 1
	cmp "$tmp/ssh/all.csv" "$tmp/single.csv"
}

# A stand-in for sbatch: runs an --array job's tasks one after the other
# with SLURM_ARRAY_* set as Slurm sets them, refuses an afterok dependency
# on a job that did not succeed, prints the job id (--parsable).
make_sbatch() {
	mkdir -p "$tmp/bin" "$tmp/slurm-state"
	cat >"$tmp/bin/sbatch" <<'SB'
#!/bin/bash
state=$SBATCH_STATE
array= dep= script=
for a; do
	case $a in
	--array=*) array=${a#--array=} ;;
	--dependency=afterok:*) dep=${a#--dependency=afterok:} ;;
	-*) ;;
	*) script=$a ;;
	esac
done
id=$(cat "$state/next" 2>/dev/null || echo 1000)
echo $((id + 1)) >"$state/next"
if [ -n "$dep" ] && [ ! -e "$state/ok-$dep" ]; then
	echo "sbatch: dependency afterok:$dep not satisfied" >&2
	exit 1
fi
if [ -n "$array" ]; then
	lo=${array%%-*} hi=${array#*-}
	hi=${hi%%%*}
	for i in $(seq "$lo" "$hi"); do
		SLURM_ARRAY_JOB_ID=$id SLURM_ARRAY_TASK_ID=$i \
		SLURM_ARRAY_TASK_COUNT=$((hi - lo + 1)) SLURM_ARRAY_TASK_MIN=$lo \
		SLURM_ARRAY_TASK_MAX=$hi SLURM_CPUS_PER_TASK=1 \
			bash "$script" >"$state/task-$id-$i.log" 2>&1 || exit 0
	done
else
	SLURM_JOB_ID=$id bash "$script" >"$state/job-$id.log" 2>&1 || exit 0
fi
touch "$state/ok-$id"
echo "$id"
SB
	chmod +x "$tmp/bin/sbatch"
}

t_slurm_array() {
	make_sbatch
	local vary
	vary=$(printf '%s;' 'start=uniform(0,1d)' 'reboot=random(6h..2d)' \
		'profile=mix(win7-sp1:60,win10-22h2:40)' \
		'patch=win7-sp1>win7-sp1-kb2666300@uniform(0,2d)')
	PATH=$tmp/bin:$PATH SBATCH_STATE=$tmp/slurm-state CAPISIM=$capisim \
		FLEET_SCENARIO=$scn FLEET_MACHINES=800 FLEET_SEED=11 \
		FLEET_VARY=${vary%;} FLEET_OUT=$tmp/slurm \
		contrib/slurm/submit-fleet.sh 8 >"$tmp/submit.out" || return 1
	grep -q '^array job [0-9]*, merge job [0-9]*$' "$tmp/submit.out" || return 1
	[ "$(ls "$tmp"/slurm/part-*.csv | wc -l)" = 8 ] || return 1
	cmp "$tmp/slurm/fleet.csv" "$tmp/single.csv" || return 1
	grep -q '<polyline' "$tmp/slurm/fleet.svg"
}

# An array that does not start at 0 would leave shard 0 out: refused.
t_slurm_array_from_zero() {
	SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=8 SLURM_ARRAY_TASK_MIN=1 \
		SLURM_ARRAY_TASK_MAX=8 CAPISIM=$capisim FLEET_SCENARIO=$scn \
		FLEET_MACHINES=10 FLEET_SEED=1 FLEET_OUT=$tmp/bad \
		bash contrib/slurm/fleet-shard.sbatch 2>"$tmp/e"
	expect_eq rc $? 2 || return 1
	grep -q 'must be 0..N-1' "$tmp/e" || return 1
	[ ! -e "$tmp/bad/part-1.csv" ]
}

tap_add t_parallel_local "GNU parallel -j 4: 8 shards merge into the single run"
tap_add t_parallel_sshlogin "GNU parallel --sshlogin: 8 shards merge into the single run"
tap_add t_slurm_array "Slurm array + merge job: the single run, byte for byte"
tap_add t_slurm_array_from_zero "Slurm array not starting at 0 is refused"
tap_run
