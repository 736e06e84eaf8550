// The one file that compiles the test models' table machinery (see models.hpp).
#include "models.hpp"

RELATA_INSTANTIATE_MODEL(inventory::Category);
RELATA_INSTANTIATE_MODEL(inventory::Product);
RELATA_INSTANTIATE_MODEL(inventory::Order);
RELATA_INSTANTIATE_MODEL(inventory::OrderItem);
RELATA_INSTANTIATE_MODEL(testing_models::Sample);
RELATA_INSTANTIATE_MODEL(testing_models::Cell);
RELATA_INSTANTIATE_MODEL(testing_models::Small);
RELATA_INSTANTIATE_MODEL(testing_models::Unsigned);
RELATA_INSTANTIATE_MODEL(testing_models::Diary);
RELATA_INSTANTIATE_MODEL(testing_models::User);
RELATA_INSTANTIATE_MODEL(testing_models::Post);
RELATA_INSTANTIATE_MODEL(testing_models::Profile);
RELATA_INSTANTIATE_MODEL(testing_models::Warehouse);
RELATA_INSTANTIATE_MODEL(testing_models::Crate);
RELATA_INSTANTIATE_MODEL(testing_models::Pallet);
RELATA_INSTANTIATE_MODEL(testing_models::Tag);
RELATA_INSTANTIATE_MODEL(testing_models::CrateTag);
RELATA_INSTANTIATE_MODEL(testing_models::Review);
RELATA_INSTANTIATE_MODEL(testing_models::Gadget);
RELATA_INSTANTIATE_MODEL(testing_models::Node);
RELATA_INSTANTIATE_MODEL(testing_models::Tree);
RELATA_INSTANTIATE_MODEL(testing_models::Author);
RELATA_INSTANTIATE_MODEL(testing_models::Book);
