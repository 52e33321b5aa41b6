# ports.sh - sourced by diod.sh and samba.sh (which define log).

# port_open PORT: something listens on 127.0.0.1:PORT
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# free_port: a port nothing listens on, below Linux's ephemeral range (32768-60999) so that a
# port the kernel hands another program meanwhile cannot be it
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 12000 ))
    port_open "$p" || { echo "$p"; return 0; }
  done
  log "no free port found"; exit 1
}
