# Sourced by the scripts that load the platform: a fresh account with a role, as an operator would make one.
#   account_with_role URL PREFIX ROLE   sets account_name, account_password and account_token (a bearer token)
account_with_role() {
  local url=$1 prefix=$2 role=$3
  account_name=$prefix$(date +%s)x
  account_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' "${url}api/v1/accounts" \
    -d "{\"username\":\"$account_name\",\"email\":\"$account_name@example.org\",\"password\":\"$account_password\"}"
  ./arena grant "$account_name" "$role" >/dev/null
  account_token=$(curl -sf -X POST -H 'Content-Type: application/json' "${url}api/v1/auth/token" \
    -d "{\"username\":\"$account_name\",\"password\":\"$account_password\"}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
}
