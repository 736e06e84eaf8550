// relata/relata.hpp — the umbrella header: everything a program needs to use relata.
#pragma once

#include "relata/aggregate.hpp"    // IWYU pragma: export
#include "relata/association.hpp"  // IWYU pragma: export
#include "relata/database.hpp"     // IWYU pragma: export
#include "relata/decimal.hpp"      // IWYU pragma: export
#include "relata/error.hpp"        // IWYU pragma: export
#include "relata/instantiate.hpp"  // IWYU pragma: export
#include "relata/json.hpp"         // IWYU pragma: export
#include "relata/loaded.hpp"       // IWYU pragma: export
#include "relata/query.hpp"        // IWYU pragma: export
#include "relata/result.hpp"       // IWYU pragma: export
#include "relata/schema.hpp"       // IWYU pragma: export
#include "relata/timestamp.hpp"    // IWYU pragma: export
#include "relata/transaction.hpp"  // IWYU pragma: export
