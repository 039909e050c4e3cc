# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the install tests: starts `motcua` in the clean environment of
# the array `clean` (the caller's), waits for its window to be mapped on the
# X server, checks it is still alive and cannot dump core, asks it to quit over D-Bus the way the
# desktop would (app.quit), and checks it ended with status 0 and said
# nothing alarming on stderr.
#   start_and_quit MOTCUA WORKSPACE LOG
start_and_quit() {
  local motcua=$1 workspace=$2 log=$3 pid status=0 wid
  "${clean[@]}" "$motcua" --workspace "$workspace" >"$log" 2>&1 &
  pid=$!
  # xdotool --sync waits until a window of the process is mapped; timeout
  # only guards against a hang, the verdict is the window, not the time.
  if ! wid=$(timeout 300 xdotool search --sync --onlyvisible --pid "$pid" 2>/dev/null | head -n1) || [ -z "$wid" ]; then
    echo "no window from $motcua" >&2
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    cat "$log" >&2
    return 1
  fi
  echo "window $wid: $(xdotool getwindowname "$wid")"
  kill -0 "$pid"
  # No core dumps (mc_core_forbid_core_dumps()): the limit is zero, soft and hard.
  grep -E "^Max core file size +0 +0 " "/proc/$pid/limits"
  "${clean[@]}" gapplication action io.github.motcua.Desk quit
  wait "$pid" || status=$?
  cat "$log" >&2
  if [ "$status" -ne 0 ]; then
    echo "$motcua ended with status $status" >&2
    return 1
  fi
  if grep -E "CRITICAL|not installed|ERROR" "$log" >&2; then
    echo "$motcua complained" >&2
    return 1
  fi
}
