#!/bin/bash
# Queue a capisim fleet on a Slurm cluster: an array of N shards, then the
# merge once every shard has succeeded (docs/fleet.md).
#
#   FLEET_SCENARIO=tests/fleet/crl-outage.scn FLEET_MACHINES=100000000 \
#   FLEET_SEED=7 FLEET_VARY='start=uniform(0,1d);reboot=random(1d..3d)' \
#   FLEET_OUT=$PWD/outage contrib/slurm/submit-fleet.sh 64
#
# The variables are those of fleet-shard.sbatch; extra arguments after N go
# to both sbatch calls (e.g. --partition=short). Prints the two job ids.
set -euo pipefail
n=${1:?usage: submit-fleet.sh N [SBATCH OPTION...]}
shift
[[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "N: expected a positive count" >&2; exit 2; }
here=$(dirname "$(realpath "$0")")
array=$(sbatch --parsable --export=ALL --array="0-$((n - 1))" "$@" \
	"$here/fleet-shard.sbatch")
array=${array%%;*} # "jobid;cluster" on federated clusters
merge=$(sbatch --parsable --export=ALL --dependency="afterok:$array" "$@" \
	"$here/fleet-merge.sbatch")
echo "array job $array, merge job ${merge%%;*}"
