//===- XGBoostJsonFuzzer.cpp - Fuzz the XGBoost JSON importer -------------===//

#include "FuzzImport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return hardwood::fuzz::runJsonImport(data, size, hardwood::importXGBoost);
}
