// Catch2's main, compiled once for every test area without a main of its own.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
