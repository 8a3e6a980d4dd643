#!/usr/bin/env bash
# EdgeNano's fleet against a clustered broker that already exists: a 3-node RabbitMQ cluster
# (Debian's rabbitmq-server, MQTT plugin) started on this machine as the current user, in a
# temporary folder, then the twin hub and the simulated fleet pointed at all three nodes.
# See docs/broker-cluster.md for what it shows and how the same runs across machines.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: tools/cluster/run-cluster.sh [options]

Starts a 3-node RabbitMQ cluster (rabbitmq_mqtt on every node) in a temporary folder as the
current user -- own node names, ports, data and log folders, one Erlang cookie; nodes 2 and 3
join node 1 -- then runs the twin hub and the simulated fleet against all three nodes
(--broker mqtt://127.0.0.1:p1,mqtt://127.0.0.1:p2,mqtt://127.0.0.1:p3) and prints whether every
board converged. Every node is stopped on exit, Ctrl+C or failure (unless --keep).

Options:
  --devices N        simulated boards, the whole fleet (default 200; 0: start the cluster only)
  --duration D       how long the load runs, e.g. 60s, 2m (default 60s)
  --settle D         how long the end waits for every board to converge (default 60s)
  --kill-node K      kill node K (1-3) with SIGKILL a third into the run and start it again
                     a third later; the boards on it reconnect to the next node (default: none)
  --hub-shards N     twin hub processes, each owning a slice of the devices (default 2)
  --sim-shards N     sim processes, each running a slice of the fleet (default 2)
                     Both fall back to 1 when `edgenano hub --help` has no --shard.
  --queue-type T     the MQTT plugin's mqtt.durable_queue_type: quorum (default; a clean
                     session's QoS 1 subscription is then a transient queue, deleted when its
                     node dies, so the board subscribes again on another node) or classic
                     (a durable queue on the board's node: until that node is back, the
                     board's subscribe is refused on the others)
  --keep             leave the cluster running at the end and print how to connect and stop it
  --edgenano PATH    the edgenano to run: an executable or edgenano.dll (default: the Release
                     build of this repository, built when missing)
  -h, --help         this text

Exit code: 0 when every sim shard converged, 1 when one did not, 2 when the cluster or the
fleet could not be started.
EOF
}

queue_type=quorum devices=200 duration=60s settle=60s kill_node=0 hub_shards=2 sim_shards=2 keep=0 edgenano=""
while [ $# -gt 0 ]; do
  case "$1" in
    --devices) devices=${2:?--devices needs a number}; shift 2 ;;
    --duration) duration=${2:?--duration needs a duration}; shift 2 ;;
    --settle) settle=${2:?--settle needs a duration}; shift 2 ;;
    --kill-node) kill_node=${2:?--kill-node needs a node number}; shift 2 ;;
    --hub-shards) hub_shards=${2:?--hub-shards needs a number}; shift 2 ;;
    --sim-shards) sim_shards=${2:?--sim-shards needs a number}; shift 2 ;;
    --queue-type) queue_type=${2:?--queue-type needs classic or quorum}; shift 2 ;;
    --keep) keep=1; shift ;;
    --edgenano) edgenano=${2:?--edgenano needs a path}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run-cluster: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

fail() { echo "run-cluster: $*" >&2; exit 2; }
is_count() { [[ "$1" =~ ^[0-9]+$ ]]; }
is_count "$devices" || fail "--devices: '$devices' is not a number"
is_count "$hub_shards" && [ "$hub_shards" -ge 1 ] || fail "--hub-shards must be at least 1"
is_count "$sim_shards" && [ "$sim_shards" -ge 1 ] || fail "--sim-shards must be at least 1"
[[ "$kill_node" =~ ^[0-3]$ ]] || fail "--kill-node: '$kill_node' is not a node (1, 2 or 3)"
[[ "$queue_type" =~ ^(classic|quorum)$ ]] || fail "--queue-type: '$queue_type' is neither classic nor quorum"

# Durations as the CLI reads them (500ms, 30s, 5m, 1h), in whole seconds for the schedule here.
seconds_of() {
  local text=$1
  case "$text" in
    *ms) echo $(( (${text%ms} + 999) / 1000 )) ;;
    *s) echo "${text%s}" ;;
    *m) echo $(( ${text%m} * 60 )) ;;
    *h) echo $(( ${text%h} * 3600 )) ;;
    *) return 1 ;;
  esac
}
duration_s=$(seconds_of "$duration" 2>/dev/null) && is_count "$duration_s" || fail "--duration: '$duration' is not a duration (e.g. 30s, 2m)"
seconds_of "$settle" >/dev/null 2>&1 || fail "--settle: '$settle' is not a duration (e.g. 30s, 2m)"

# Debian installs the real scripts here; /usr/sbin/rabbitmq-server is a wrapper that switches
# to the rabbitmq user and its folders, which a cluster of our own must not touch.
RABBIT_BIN=${RABBITMQ_BIN:-/usr/lib/rabbitmq/bin}
if [ ! -x "$RABBIT_BIN/rabbitmq-server" ] || [ ! -x "$RABBIT_BIN/rabbitmqctl" ]; then
  fail "RabbitMQ is not installed ($RABBIT_BIN/rabbitmq-server is missing).
Install Debian's package, which brings the MQTT plugin along:  sudo apt-get install rabbitmq-server
(its own default node on ports 5672/25672 does not get in the way; this script runs separate nodes)"
fi

repo=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "$edgenano" ]; then
  edgenano="$repo/tools/EdgeNano.Cli/bin/Release/net10.0/edgenano.dll"
  if [ ! -f "$edgenano" ]; then
    echo "run-cluster: building edgenano (Release)"
    dotnet build "$repo/tools/EdgeNano.Cli/EdgeNano.Cli.csproj" -c Release -v quiet -nologo >/dev/null || fail "the build of edgenano failed"
  fi
fi
[ -e "$edgenano" ] || fail "--edgenano: $edgenano does not exist"
# Always in a subshell (a pipeline or a background job): exec makes the job's pid edgenano's own,
# so the SIGTERM at the end reaches it rather than a shell that would leave it running.
run_edgenano() {
  case "$edgenano" in
    *.dll) exec dotnet "$edgenano" "$@" ;;
    *) exec "$edgenano" "$@" ;;
  esac
}

nodes=3
work=$(mktemp -d "${TMPDIR:-/tmp}/edgenano-cluster.XXXXXX")
# Node names unique on this machine (epmd is shared with any other Erlang node running here).
tag="en$$"
fleet_pids=()
cleanup_done=0

node_name() { echo "${tag}n$1@localhost"; }
node_dir() { echo "$work/node$1"; }

# rabbitmqctl and the server find the cookie in $HOME; ours lives in the temp folder.
ctl() { HOME="$work" RABBITMQ_CONF_ENV_FILE="$work/rabbitmq-env.conf" "$RABBIT_BIN/rabbitmqctl" "$@"; }

stop_nodes() {
  local i pid stoppers=()
  for i in $(seq 1 $nodes); do
    [ -f "$(node_dir "$i")/pid" ] || continue
    timeout 30 env HOME="$work" RABBITMQ_CONF_ENV_FILE="$work/rabbitmq-env.conf" \
      "$RABBIT_BIN/rabbitmqctl" -q -n "$(node_name "$i")" stop >/dev/null 2>&1 &
    stoppers+=($!)
  done
  for pid in "${stoppers[@]}"; do wait "$pid" 2>/dev/null || true; done
  for i in $(seq 1 $nodes); do
    pid=$(cat "$(node_dir "$i")/pid" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
}

cleanup() {
  local status=$?
  [ $cleanup_done = 1 ] && return
  cleanup_done=1
  trap - EXIT INT TERM
  local pid
  # SIGTERM, not SIGINT: a background job of a script ignores SIGINT; edgenano stops cleanly on either.
  for pid in "${fleet_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${fleet_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ $keep = 1 ] && [ $status -ne 130 ]; then
    print_connect
    exit $status
  fi
  echo "run-cluster: stopping the cluster"
  stop_nodes
  if [ $status -eq 0 ]; then rm -rf "$work"; else echo "run-cluster: logs kept in $work"; fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free loopback port, not one already picked for this cluster.
picked=" "
free_port() {
  local port
  while :; do
    port=$(( 20000 + RANDOM % 25000 ))
    case "$picked" in *" $port "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      picked="$picked$port "
      echo "$port"
      return
    fi
  done
}

declare -a amqp_port dist_port mqtt_port
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$work/.erlang.cookie"
chmod 400 "$work/.erlang.cookie"
: > "$work/rabbitmq-env.conf" # so the machine's /etc/rabbitmq/rabbitmq-env.conf is not read
for i in $(seq 1 $nodes); do
  dir=$(node_dir "$i")
  mkdir -p "$dir"
  amqp_port[$i]=$(free_port); dist_port[$i]=$(free_port); mqtt_port[$i]=$(free_port)
  cat > "$dir/rabbitmq.conf" <<EOF
listeners.tcp.default = ${amqp_port[$i]}
mqtt.listeners.tcp.default = ${mqtt_port[$i]}
# Anonymous MQTT clients log in as guest, and guest is allowed from loopback only by default;
# the fleet here connects over 127.0.0.1. Across machines, see docs/broker-cluster.md.
mqtt.allow_anonymous = true
# With classic, a clean session's QoS 1 subscription is a durable queue that blocks the
# board's subscribe elsewhere while its node is down; see --queue-type and docs/broker-cluster.md.
mqtt.durable_queue_type = ${queue_type}
# Nodes 2 and 3 join node 1 as they boot (node 1 is started first), rather than by
# stop_app/join_cluster/start_app afterwards, which boots the broker twice.
cluster_formation.peer_discovery_backend = classic_config
cluster_formation.classic_config.nodes.1 = $(node_name 1)
cluster_formation.randomized_startup_delay_range.min = 0
cluster_formation.randomized_startup_delay_range.max = 1
EOF
  echo '[rabbitmq_mqtt].' > "$dir/enabled_plugins"
done

start_node() {
  local i=$1 dir
  dir=$(node_dir "$i")
  rm -f "$dir/pid"
  (
    export HOME="$work" RABBITMQ_CONF_ENV_FILE="$work/rabbitmq-env.conf"
    export RABBITMQ_NODENAME="$(node_name "$i")" RABBITMQ_NODE_PORT="${amqp_port[$i]}" RABBITMQ_DIST_PORT="${dist_port[$i]}"
    export RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config"
    export RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" RABBITMQ_PID_FILE="$dir/pid"
    export RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log"
    exec "$RABBIT_BIN/rabbitmq-server" >>"$dir/console.log" 2>&1
  ) &
}

wait_node() {
  local i=$1
  if ! ctl -q -n "$(node_name "$i")" wait --timeout 120 "$(node_dir "$i")/pid" >>"$(node_dir "$i")/ctl.log" 2>&1; then
    tail -20 "$(node_dir "$i")/console.log" >&2 || true
    fail "node $i ($(node_name "$i")) did not start; its logs are in $(node_dir "$i")"
  fi
}

broker_list() {
  local i list=""
  for i in $(seq 1 $nodes); do list="$list${list:+,}mqtt://127.0.0.1:${mqtt_port[$i]}"; done
  echo "$list"
}

print_connect() {
  echo "run-cluster: the cluster keeps running (--keep); folder $work"
  for i in $(seq 1 $nodes); do
    echo "  node $i: $(node_name "$i"), MQTT 127.0.0.1:${mqtt_port[$i]}, AMQP ${amqp_port[$i]}, pid $(cat "$(node_dir "$i")/pid" 2>/dev/null)"
  done
  echo "  connect: edgenano sim --no-hub --broker $(broker_list)"
  echo "           edgenano hub --broker $(broker_list) --db hub.db"
  echo "  inspect: HOME=$work $RABBIT_BIN/rabbitmqctl -n $(node_name 1) cluster_status"
  echo "  stop:    $work/stop.sh"
  {
    echo "#!/usr/bin/env bash"
    echo "# Stops the cluster run-cluster.sh left running and removes its folder."
    for i in $(seq 1 $nodes); do
      echo "HOME='$work' RABBITMQ_CONF_ENV_FILE='$work/rabbitmq-env.conf' timeout 30 '$RABBIT_BIN/rabbitmqctl' -q -n '$(node_name "$i")' stop || kill -KILL \$(cat '$(node_dir "$i")/pid') 2>/dev/null"
    done
    echo "rm -rf '$work'"
  } > "$work/stop.sh"
  chmod +x "$work/stop.sh"
}

started=$SECONDS
echo "run-cluster: starting $nodes RabbitMQ nodes in $work"
start_node 1
wait_node 1
for i in $(seq 2 $nodes); do start_node "$i"; done
for i in $(seq 2 $nodes); do wait_node "$i"; done
running=$(ctl -q -n "$(node_name 1)" eval 'length(rabbit_nodes:all_running()).' 2>/dev/null || echo "?")
echo "run-cluster: cluster of $running running node(s) in $((SECONDS - started)) s; MQTT on $(broker_list)"

if [ "$devices" -eq 0 ]; then
  [ $keep = 1 ] || echo "run-cluster: --devices 0: nothing to run (add --keep to leave the cluster up)"
  exit 0
fi

# Shards when this edgenano has them (branch hub-shards), one hub and one sim otherwise.
if ! run_edgenano hub --help 2>/dev/null | grep -q -- '--shard'; then
  if [ "$hub_shards" -gt 1 ] || [ "$sim_shards" -gt 1 ]; then
    echo "run-cluster: this edgenano has no --shard; running 1 hub and 1 sim"
  fi
  hub_shards=1 sim_shards=1
fi
# Process k of n (1-based, as the logs are numbered) is shard k-1 of n (edgenano's shards are 0-based).
shard_args() { # k n
  [ "$2" -gt 1 ] && echo "--shard $(( $1 - 1 ))/$2"
  return 0
}

brokers=$(broker_list)
for h in $(seq 1 "$hub_shards"); do
  # shellcheck disable=SC2046
  run_edgenano hub --broker "$brokers" --db "$work/hub-$h.db" $(shard_args "$h" "$hub_shards") > "$work/hub-$h.log" 2>&1 &
  fleet_pids+=($!)
done
for h in $(seq 1 "$hub_shards"); do
  for _ in $(seq 1 300); do
    grep -q "twin hub: connected" "$work/hub-$h.log" 2>/dev/null && break
    sleep 0.1
  done
  grep -q "twin hub: connected" "$work/hub-$h.log" || { cat "$work/hub-$h.log" >&2; fail "hub $h did not connect"; }
done
echo "run-cluster: $hub_shards twin hub(s) connected"

sim_pids=()
for s in $(seq 1 "$sim_shards"); do
  # shellcheck disable=SC2046
  run_edgenano sim --no-hub --broker "$brokers" --devices "$devices" --duration "$duration" --settle "$settle" \
    $(shard_args "$s" "$sim_shards") > "$work/sim-$s.log" 2>&1 &
  fleet_pids+=($!)
  sim_pids+=($!)
done
echo "run-cluster: $sim_shards sim(s) starting $devices board(s) for $duration"

if [ "$kill_node" -gt 0 ]; then
  # The load starts once the boards are synced; the node goes a third into it and comes back a third later.
  for s in $(seq 1 "$sim_shards"); do
    until grep -q "board(s) started" "$work/sim-$s.log" 2>/dev/null; do
      kill -0 "${sim_pids[$((s - 1))]}" 2>/dev/null || break
      sleep 0.2
    done
  done
  third=$(( duration_s / 3 > 0 ? duration_s / 3 : 1 ))
  sleep "$third"
  echo "run-cluster: killing node $kill_node ($(node_name "$kill_node"), MQTT ${mqtt_port[$kill_node]}) with SIGKILL"
  kill -KILL "$(cat "$(node_dir "$kill_node")/pid")"
  sleep "$third"
  echo "run-cluster: starting node $kill_node again"
  restart=$SECONDS
  start_node "$kill_node"
  wait_node "$kill_node"
  echo "run-cluster: node $kill_node back in $((SECONDS - restart)) s"
fi

failed=0
for s in $(seq 1 "$sim_shards"); do
  status=0
  wait "${sim_pids[$((s - 1))]}" || status=$?
  grep -E "^([0-9:.]+ )?sim: time" "$work/sim-$s.log" | tail -1 | grep -oE "reconnects [0-9]+" | sed "s/^/  sim $s: board /" || true
  grep -E "^([0-9:.]+ )?sim: (broker|[0-9]+ board\(s\) started|(shard [^:]*: )?[0-9]+ of [0-9]+ device\(s\) converged|not converged)" "$work/sim-$s.log" | sed "s/^/  sim $s: /" || true
  if [ $status -ne 0 ]; then
    failed=1
    echo "run-cluster: sim $s exited $status; its log: $work/sim-$s.log"
  fi
done
if [ $failed = 0 ]; then
  echo "run-cluster: converged: every board of $sim_shards sim(s) on a $nodes-node cluster$([ "$kill_node" -gt 0 ] && echo ", node $kill_node killed and restarted mid-run")"
  exit 0
fi
echo "run-cluster: NOT converged"
exit 1
