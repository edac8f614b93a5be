# bash completion for nnact: options, op names, formats, dtypes and the other choices.
# Options and op names are asked from the nnact being completed (its --help and --list-ops),
# so they always match the installed version.

_nnact_options() {  # the long and short options that `$1 [plot] --help` lists
  "$@" --help 2>/dev/null | grep -oE '^ +(-[A-Za-z0-9], ?)?--[a-z0-9-]+' | tr ', ' '\n\n' | sed '/^$/d' | sort -u
}

_nnact_ops() {  # every op name and alias: the unindented lines of --list-ops
  "$1" --list-ops 2>/dev/null | sed -n 's/^\([a-z]\)/\1/p' | tr ', ' '\n\n' | sed '/^$/d'
}

_nnact() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]} nnact=${COMP_WORDS[0]}
  local formats="csv tsv json ndjson npy safetensors npz txt" plot=() word
  for word in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    [[ $word == plot ]] && plot=(plot)
  done
  COMPREPLY=()
  case $prev in
    --op) mapfile -t COMPREPLY < <(compgen -W "$(_nnact_ops "$nnact")" -- "$cur"); return ;;
    --from) mapfile -t COMPREPLY < <(compgen -W "auto $formats" -- "$cur"); return ;;
    --to) mapfile -t COMPREPLY < <(compgen -W "$formats" -- "$cur"); return ;;
    --dtype) mapfile -t COMPREPLY < <(compgen -W "auto float16 bfloat16 float32 float64" -- "$cur"); return ;;
    --header) mapfile -t COMPREPLY < <(compgen -W "auto yes no" -- "$cur"); return ;;
    --approximate) mapfile -t COMPREPLY < <(compgen -W "none tanh" -- "$cur"); return ;;
    --json-nonfinite) mapfile -t COMPREPLY < <(compgen -W "null literal error" -- "$cur"); return ;;
    --progress) mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur"); return ;;
    -d | --delimiter | --output-delimiter) mapfile -t COMPREPLY < <(compgen -W "tab , ; |" -- "$cur"); return ;;
    --decimal) mapfile -t COMPREPLY < <(compgen -W ". ," -- "$cur"); return ;;
    --compress) mapfile -t COMPREPLY < <(compgen -W "gz zst bz2 xz none" -- "$cur"); return ;;
    --report) mapfile -t COMPREPLY < <(compgen -W "text json" -- "$cur"); return ;;
    --output-dir | --expect-dir) mapfile -t COMPREPLY < <(compgen -d -- "$cur"); return ;;
    -o | --output | --expect | --files-from) mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
    --alpha | --beta | --threshold | --value | --lambd | --min-val | --max-val | --axis | --precision | \
      -j | --jobs | --range | --rtol | --atol | --max-ulps) return ;;
  esac
  if [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_nnact_options "$nnact" "${plot[@]}")" -- "$cur")
  elif [[ ${#plot[@]} -eq 0 ]]; then
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    [[ plot == "$cur"* && $COMP_CWORD -eq 1 ]] && COMPREPLY+=(plot)
  fi
}

complete -o filenames -o bashdefault -F _nnact nnact
