//===- InspectLibrary.cpp - hardwood inspect on a compiled library --------===//
//
// Reads a compiled shared library's descriptor (dlopen, then the default
// descriptor function: nothing of the model runs, so a library for CPU
// features this host lacks can still be inspected) and the build info the
// driver records beside it (hardwood_build_info_<name>).
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "Inspect.h"

#include "hardwood/Targets/CodeGen.h"
#include "hardwood/hardwood.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <dlfcn.h>

using namespace llvm;

namespace hardwood {

bool isSharedLibrary(StringRef path) {
  auto buffer = MemoryBuffer::getFileSlice(path, 4, 0);
  return buffer && (*buffer)->getBuffer() == "\x7f"
                                             "ELF";
}

namespace {
/// Closes the library when inspection is done.
struct Library {
  void *handle = nullptr;
  ~Library() {
    if (handle)
      dlclose(handle);
  }
};
} // namespace

Expected<json::Object> describeLibrary(StringRef path) {
  Library library;
  std::string pathText = path.str();
  library.handle = dlopen(pathText.c_str(), RTLD_LAZY | RTLD_LOCAL);
  if (!library.handle)
    return createStringError(inconvertibleErrorCode(),
                             path + ": cannot load: " + dlerror());
  auto getter = reinterpret_cast<hw_descriptor_fn>(
      dlsym(library.handle, HW_DEFAULT_DESCRIPTOR_SYMBOL));
  if (!getter)
    return createStringError(inconvertibleErrorCode(),
                             path + ": not a Hardwood model library (no " +
                                 HW_DEFAULT_DESCRIPTOR_SYMBOL + " symbol)");
  const hw_model_descriptor *d = getter();
  // Copies: json::Value only borrows a `const char *`, and the library's
  // strings go with dlclose.
  auto copy = [](const char *text) { return std::string(text ? text : ""); };
  json::Object info{{"path", path.str()}, {"abi_version", d->abi_version}};
  info["name"] = copy(d->name);
  info["target"] = copy(d->target);
  info["input_dtype"] =
      copy(hw_dtype_name(static_cast<hw_dtype>(d->input_dtype)));
  info["num_features"] = d->num_features;
  info["num_classes"] = d->num_classes;
  info["num_trees"] = d->num_trees;
  json::Array labels;
  if (d->class_labels)
    for (uint32_t i = 0; i < d->num_classes; ++i)
      labels.push_back(d->class_labels[i]);
  info["class_labels"] = std::move(labels);
  json::Array kinds;
  for (unsigned kind = 0; kind < HW_KIND_COUNT; ++kind)
    if (d->supported_kinds & (1u << kind))
      kinds.push_back(json::Object{
          {"kind", copy(hw_kind_table_name(kind))},
          {"width", d->output_width[kind]},
          {"dtype",
           copy(hw_dtype_name(static_cast<hw_dtype>(d->output_dtype[kind])))}});
  info["kinds"] = std::move(kinds);
  if (d->abi_version >= 2) {
    info["content_hash"] = copy(d->content_hash);
    info["cpu_features"] = cpuFeatureNames(d->cpu_features);
    uint64_t host = 0;
    hw_host_cpu_features(&host);
    info["runs_on_host"] = (d->cpu_features & ~host) == 0;
  }
  // Build info: present in libraries from this Hardwood on.
  std::string symbol = "hardwood_build_info_" + copy(d->name);
  if (auto *text =
          static_cast<const char *>(dlsym(library.handle, symbol.c_str()))) {
    Expected<json::Value> build = json::parse(text);
    if (build && build->getAsObject())
      for (auto &[key, value] : *build->getAsObject())
        info[key] = value;
    else
      consumeError(build.takeError());
  }
  return info;
}

/// What `hardwood compile --tune` measured, from the build info.
static void printTuning(raw_ostream &os, const json::Object &info) {
  std::optional<bool> tuned = info.getBoolean("tuned");
  if (!tuned)
    return; // A library from before --tune.
  const json::Object *tune = info.getObject("tune");
  if (!*tuned || !tune) {
    os << "tuned:      no (the cost model's schedule)\n";
    return;
  }
  auto text = [&](StringRef key) {
    return tune->getString(key).value_or("?").str();
  };
  const json::Array *candidates = tune->getArray("candidates");
  bool float32Rows = text("kernels") == "float32_rows";
  os << "tuned:      yes, the fastest of "
     << (candidates ? candidates->size() : 0)
     << (float32Rows ? " float32-rows" : "") << " schedules timed on "
     << text("host_cpu") << " (" << text("kind") << ", "
     << tune->getInteger("rows").value_or(0) << " rows: " << text("data")
     << "; " << tune->getInteger("threads").value_or(1)
     << " thread; the minimum of " << tune->getInteger("rounds").value_or(0)
     << " rounds)\n"
     << "cost model: " << text("cost_model_choice") << ", "
     << format("%.3f", tune->getNumber("cost_model_ratio").value_or(0))
     << "x the winner's time\n"
     << "            " << text("cost_model_reason") << "\n";
  if (!candidates)
    return;
  os << "candidates: ns/row, schedule\n";
  std::string winner = text("winner"), chosen = text("cost_model_choice");
  for (const json::Value &value : *candidates)
    if (const json::Object *c = value.getAsObject()) {
      std::string schedule = c->getString("schedule").value_or("?").str();
      os << format("  %10.1f  ", c->getNumber("ns_per_row").value_or(0))
         << schedule << (schedule == winner ? "  (winner)" : "")
         << (schedule == chosen ? "  (cost model)" : "") << "\n";
    }
}

void printLibrary(raw_ostream &os, const json::Object &info) {
  auto text = [&](StringRef key) {
    return info.getString(key).value_or("unknown").str();
  };
  auto number = [&](StringRef key) { return info.getInteger(key).value_or(0); };
  os << "library:    " << text("path") << "\n"
     << "model:      " << text("name") << "\n"
     << "hash:       " << text("content_hash") << "\n"
     << "built by:   hardwood " << text("hardwood_version") << " (LLVM "
     << text("llvm_version") << "), model ABI " << number("abi_version") << "\n"
     << "target:     " << text("target") << " (" << text("triple") << ", cpu "
     << text("cpu") << ")\n"
     << "needs CPU:  " << text("cpu_features")
     << (info.getBoolean("runs_on_host").value_or(false)
             ? "  (this host has them)"
             : "  (this host lacks some)")
     << "\n"
     << "schedule:   " << text("schedule") << "\n";
  if (std::optional<StringRef> rows = info.getString("float32_rows_schedule"))
    os << "  float32 rows: " << *rows << "\n";
  if (std::optional<int64_t> rows = info.getInteger("tree_parallel_rows"))
    os << "  tree-parallel below " << *rows
       << " rows (with several threads: trees split among them, leaves "
          "summed in model order)\n";
  if (const json::Object *steps = info.getObject("depth_ordered_steps"))
    os << "  single rows walk trees in depth order: "
       << steps->getInteger("depth_order").value_or(0)
       << " lockstep steps per row instead of "
       << steps->getInteger("model_order").value_or(0)
       << " (leaves summed in model order)\n";
  os << "input:      " << number("num_features") << " features, "
     << text("input_dtype") << "\n"
     << "trees:      " << number("num_trees") << "\n"
     << "classes:    " << number("num_classes") << "\n"
     << "kinds:     ";
  if (const json::Array *kinds = info.getArray("kinds"))
    for (const json::Value &kind : *kinds)
      if (const json::Object *k = kind.getAsObject())
        os << " " << k->getString("kind").value_or("?") << " ("
           << k->getInteger("width").value_or(0) << " x "
           << k->getString("dtype").value_or("?") << ")";
  os << "\n";
  printTuning(os, info);
}

} // namespace hardwood
