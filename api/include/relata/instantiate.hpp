// relata/instantiate.hpp — compile a model's table machinery once per program.
//
// Contract: every file that uses a model (define<T>, create, update, queries) compiles that
// model's Table<T> — its checks, index upkeep and erased interface — unless told that another
// file does. A program with many models and files declares each model extern where the
// model is declared, and instantiates it in exactly one .cpp; the behaviour is the same,
// only the build is cheaper:
//
//   // models.hpp, after relata::model<Product>:
//   RELATA_EXTERN_MODEL(Product);
//   // models.cpp, the one file that compiles it:
//   RELATA_INSTANTIATE_MODEL(Product);
#pragma once

#include "relata/detail/table.hpp"

/// Declares that another file compiles model M's table machinery (use in a header).
#define RELATA_EXTERN_MODEL(M) extern template class ::relata::detail::Table<M>
/// Compiles model M's table machinery here (in exactly one .cpp of the program).
#define RELATA_INSTANTIATE_MODEL(M) template class ::relata::detail::Table<M>
