//===- LightGBMTextFuzzer.cpp - Fuzz the LightGBM text importer -----------===//

#include "FuzzImport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return hardwood::fuzz::runImport(data, size, hardwood::importLightGBMText);
}
