#!/usr/bin/env bash
# `npm run test:wordpress`: the WordPress plugin in a real WordPress with a real database.
#   1. installs Debian's wordpress, mariadb-server, php-cli, php-mysql, phpunit (and zip/unzip) when missing;
#   2. builds the plugin zip (npm run wordpress:zip) and installs it from the zip into a fresh site;
#   3. starts a private MariaDB, the local bimU.io platform and `php -S` on free ports (nothing system-wide
#      is started or changed except one config file /etc/wordpress/config-mve-test-<id>.php, removed at exit);
#   4. runs the PHPUnit tests of the token route, then the Chromium test of the site (test/wordpress/).
# Everything it starts is stopped at exit; the run's files are in a temporary directory, kept on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
start=$(date +%s)

missing=()
[ -f /usr/share/wordpress/wp-load.php ] || missing+=(wordpress)
command -v mariadbd >/dev/null 2>&1 || missing+=(mariadb-server)
command -v php >/dev/null 2>&1 || missing+=(php-cli)
php -m 2>/dev/null | grep -qx mysqli || missing+=(php-mysql)
command -v phpunit >/dev/null 2>&1 || missing+=(phpunit)
command -v zip >/dev/null 2>&1 || missing+=(zip)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing from Debian's packages: ${missing[*]}"
  SUDO=
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
bash scripts/ensure-browsers.sh

npm run --silent wordpress:zip

run=$(mktemp -d -t mve-wordpress.XXXXXX)
id=$(basename "$run" | tr -cd 'A-Za-z0-9')
config_name="mve-test-$id"
config_file="/etc/wordpress/config-$config_name.php"
pids=()
groups=()
cleanup() {
  status=$?
  for group in "${groups[@]}"; do kill -- "-$group" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -f "$config_file"
  if [ "$status" -eq 0 ]; then rm -rf "$run"; else echo "WordPress test files kept in $run (php.log, mariadb.log, platform.log)"; fi
}
trap cleanup EXIT

free_port() { php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); echo explode(":", stream_socket_get_name($s, false))[1];'; }

# Waits for a condition (a command) for up to $2 seconds: a start that takes longer is a broken start.
wait_for() {
  local what=$1 limit=$2
  shift 2
  local deadline=$(( $(date +%s) + limit ))
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then echo "$what did not start within $limit s" >&2; return 1; fi
    sleep 0.2
  done
}

echo "== MariaDB (private instance in $run/db)"
mariadb-install-db --user=root --datadir="$run/db" --auth-root-authentication-method=normal --skip-test-db >"$run/mariadb.log" 2>&1
mariadbd --user=root --datadir="$run/db" --socket="$run/mysql.sock" --skip-networking --pid-file="$run/mariadb.pid" \
  --log-error="$run/mariadb.log" &
pids+=($!)
wait_for MariaDB 60 mariadb-admin --socket="$run/mysql.sock" ping
mariadb --socket="$run/mysql.sock" -u root -e "CREATE DATABASE wordpress; CREATE USER 'wordpress'@'localhost' IDENTIFIED BY 'wordpress'; GRANT ALL ON wordpress.* TO 'wordpress'@'localhost';"

echo "== Local bimU.io platform"
platform_port=$(free_port)
node --import tsx demo/platform/cli.ts --port "$platform_port" --test-controls >"$run/platform.log" 2>&1 &
pids+=($!)
export MVE_PLATFORM_URL="http://127.0.0.1:$platform_port"
wait_for "The local platform" 120 curl -sf "$MVE_PLATFORM_URL/__platform/stats"

echo "== WordPress"
wp_port=$(free_port)
export MVE_WP_URL="http://127.0.0.1:$wp_port"
export MVE_WP_CONFIG="$config_name"
export MVE_WP_CONTENT="$run/wp-content"
export MVE_WP_LOG="$run/php.log"
export MVE_WP_ADMIN_PASSWORD="admin-$id"
export MVE_WP_AUTHOR_PASSWORD="author-$id"
mkdir -p "$MVE_WP_CONTENT/plugins" "$MVE_WP_CONTENT/uploads"
ln -s /usr/share/wordpress/wp-content/themes "$MVE_WP_CONTENT/themes"
unzip -q dist/wordpress/bimu-model-embed.zip -d "$MVE_WP_CONTENT/plugins"
salt=$(php -r 'echo bin2hex(random_bytes(32));')
cat >"$config_file" <<PHP
<?php
// The model-viewer-embed WordPress test run $id; removed when the run ends.
define('DB_NAME', 'wordpress');
define('DB_USER', 'wordpress');
define('DB_PASSWORD', 'wordpress');
define('DB_HOST', 'localhost:$run/mysql.sock');
define('WP_CONTENT_DIR', '$MVE_WP_CONTENT');
define('WP_CONTENT_URL', '$MVE_WP_URL/wp-content');
define('WP_HOME', '$MVE_WP_URL');
define('WP_SITEURL', '$MVE_WP_URL');
define('WP_ENVIRONMENT_TYPE', 'local');
define('WP_DEBUG', true);
define('WP_DEBUG_DISPLAY', false);
define('WP_DEBUG_LOG', '$run/php.log');
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
foreach (['AUTH_KEY','SECURE_AUTH_KEY','LOGGED_IN_KEY','NONCE_KEY','AUTH_SALT','SECURE_AUTH_SALT','LOGGED_IN_SALT','NONCE_SALT'] as \$name) define(\$name, '$salt' . \$name);
PHP
# Several workers: the tests send concurrent token requests (one upstream request at a time per model). The
# workers are forked children that outlive their parent, so the server gets its own process group to stop.
PHP_CLI_SERVER_WORKERS=4 setsid php -d log_errors=1 -d error_log="$run/php.log" -S "127.0.0.1:$wp_port" \
  -t /usr/share/wordpress test/wordpress/router.php >>"$run/php-server.log" 2>&1 &
groups+=($!)
php test/wordpress/setup-site.php
wait_for WordPress 60 curl -sf "$MVE_WP_URL/wp-login.php"

if [ -n "${MVE_WP_HOLD:-}" ]; then
  # For working on the plugin: the site stays up (Ctrl+C stops it) with its URLs and logins printed.
  echo "Site $MVE_WP_URL (admin / $MVE_WP_ADMIN_PASSWORD, author / $MVE_WP_AUTHOR_PASSWORD), platform $MVE_PLATFORM_URL"
  env | grep '^MVE_' >"$run/env"
  echo "Environment for the tests: $run/env"
  wait "${pids[0]}"
fi

echo "== PHPUnit: the token route"
phpunit --colors=never --do-not-cache-result --bootstrap test/wordpress/php/bootstrap.php test/wordpress/php

echo "== Chromium: the plugin in the site"
node --import tsx --test --test-reporter=spec test/wordpress/site.test.ts

echo "WordPress tests finished in $(( $(date +%s) - start )) s"
