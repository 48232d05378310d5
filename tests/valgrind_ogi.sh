#!/usr/bin/env bash
# Runs ogi under valgrind memcheck: any memory error or definite leak makes it exit 99.
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite \
  "${OGI_REAL:?set OGI_REAL to the ogi binary}" "$@"
