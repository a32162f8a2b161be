#!/usr/bin/env bash
# screentimectl's shell completions as built: each shell completes a subcommand, a nested
# subcommand, an option's value from its choices (--format), a positional's choices, and skips
# a global option's value on the way but not the word after a flag; and --option=value. bash and fish complete for real; zsh's completion
# functions exist only inside its line editor, so _describe, compadd, _files and _users are
# stand-ins that print what the script asks of them.
# Usage: completions.sh COMPLETION_DIR
set -uo pipefail
dir=$1
failures=0
expect() {  # expect WHAT GOT WANT...: every WANT is a line of GOT
  local what=$1 got=$2 want
  shift 2
  for want in "$@"; do
    if ! grep -qxF -- "$want" <<<"$got"; then
      echo "FAIL: $what: no \"$want\" in:" >&2
      sed 's/^/    /' <<<"$got" >&2
      failures=$((failures + 1))
    fi
  done
}

# bash: complete -p names the function; COMPREPLY for each case.
bash_complete() {  # bash_complete WORD...: the last word is the one being completed
  bash --norc --noprofile -c '
    source "$1" || exit 1
    shift
    [[ $1 == -p ]] && { complete -p screentimectl; exit; }
    COMP_WORDS=("$@") COMP_CWORD=$(($# - 1))
    _screentimectl
    printf "%s\n" "${COMPREPLY[@]}"' bash "$dir/screentimectl.bash" "$@"
}
expect "bash: complete -p" "$(bash_complete -p)" "complete -F _screentimectl screentimectl"
expect "bash: screentimectl st" "$(bash_complete screentimectl st)" status
expect "bash: screentimectl config" "$(bash_complete screentimectl config '')" check get
expect "bash: status --format" "$(bash_complete screentimectl status --format '')" \
  waybar i3blocks polybar plain
expect "bash: watch --format p" "$(bash_complete screentimectl watch --format p)" polybar plain
expect "bash: a flag takes no value" "$(bash_complete screentimectl status --json --format '')" \
  waybar plain
expect "bash: --format=" "$(bash_complete screentimectl status --format =)" waybar plain
expect "bash: --format=p" "$(bash_complete screentimectl watch --format = p)" polybar plain
expect "bash: --socket=FILE st" "$(bash_complete screentimectl --socket = /tmp/x st)" status
expect "bash: break" "$(bash_complete screentimectl break '')" take snooze skip
expect "bash: --socket FILE st" "$(bash_complete screentimectl --socket /tmp/x st)" status
expect "bash: forget --" "$(bash_complete screentimectl forget --)" --before --all --yes
expect "bash: limits set USER" "$(bash_complete screentimectl limits set root '')" daily \
  weekday.sun.allowed_hours
expect "bash: limits set (a login name)" "$(bash_complete screentimectl limits set ro)" root

# fish: complete -C completes a command line as the shell would.
fish_complete() {
  fish --no-config -c "source '$dir/screentimectl.fish'; complete -C '$1'" | cut -f1
}
expect "fish: screentimectl st" "$(fish_complete 'screentimectl st')" status
expect "fish: screentimectl config" "$(fish_complete 'screentimectl config ')" check get
expect "fish: status --format" "$(fish_complete 'screentimectl status --format ')" \
  waybar i3blocks polybar plain
expect "fish: a flag takes no value" "$(fish_complete 'screentimectl --system status --')" \
  --json --format
expect "fish: --format=" "$(fish_complete 'screentimectl status --format=')" \
  --format=waybar --format=plain
expect "fish: break" "$(fish_complete 'screentimectl break ')" take snooze skip
expect "fish: --socket FILE st" "$(fish_complete 'screentimectl --socket /tmp/x st')" status
expect "fish: forget -" "$(fish_complete 'screentimectl forget -')" --before --all -y --yes

# zsh: the words and the cursor as the line editor sets them.
zsh_complete() {
  zsh -f -c '
    compdef() { : }
    _describe() { local array=${@[-1]}; print -rl -- "${(@)${(@P)array}%%:*}" }
    compadd() { shift; print -rl -- "$@" }
    _files() { print -r -- "(files)" }
    _users() { print -r -- "(users)" }
    compset() { [[ $1 == -P ]] && PREFIX=${PREFIX#*=} }
    source "$1" || exit 1
    shift
    words=("$@") CURRENT=$# PREFIX=${@[-1]}
    _screentimectl' zsh "$dir/_screentimectl" "$@"
}
expect "zsh: screentimectl st" "$(zsh_complete screentimectl st)" status today
expect "zsh: screentimectl config" "$(zsh_complete screentimectl config '')" check get
expect "zsh: status --format" "$(zsh_complete screentimectl status --format '')" \
  waybar i3blocks polybar plain
expect "zsh: a flag takes no value" "$(zsh_complete screentimectl status --json --format '')" \
  waybar plain
expect "zsh: --format=p" "$(zsh_complete screentimectl watch --format=p)" polybar plain
expect "zsh: --socket=FILE st" "$(zsh_complete screentimectl --socket=/tmp/x st)" status
expect "zsh: break" "$(zsh_complete screentimectl break '')" take snooze skip
expect "zsh: --socket FILE st" "$(zsh_complete screentimectl --socket /tmp/x st)" status
expect "zsh: report --output" "$(zsh_complete screentimectl report --output '')" "(files)"
expect "zsh: limits set" "$(zsh_complete screentimectl limits set '')" "(users)"
expect "zsh: forget -" "$(zsh_complete screentimectl forget -)" --before --all -y --yes

echo "completions: $failures failures"
((failures == 0))
