#!/usr/bin/env bash
# Autobahn TestSuite (fuzzingclient, cases 1-10) against halyard-echo's /echo. Filled in with the transport.
echo "autobahn: not wired yet"
