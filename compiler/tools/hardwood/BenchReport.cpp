//===- BenchReport.cpp - hardwood bench --report files --------------------===//
//
// Node visits per row from the model's trees, and the report files:
// report.json (everything measured), report.md (the tables) and report.png
// (rows/s against batch size, drawn by python3 -m hardwood.bench_plot so
// the suite draws its combined plot with the same code).
//
//===----------------------------------------------------------------------===//

#include "BenchReport.h"

#include "hardwood/Dialect/HardwoodOps.h"
#include "hardwood/Driver/Compile.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace hardwood;

namespace hardwood {

static constexpr const char *kNodeVisitDefinition =
    "node visits per row = sum over trees of the depth of the leaf the row "
    "reaches (splits evaluated on its root-to-leaf path), from the leaf kind "
    "on the benchmark rows; ns per node visit = ns/row / node visits per row";
/// Rows the leaf kind is run on to measure the depths reached: enough for a
/// stable mean, few enough to be quick for thousands of trees.
static constexpr int64_t kNodeVisitRows = 10000;

static json::Object unavailable(StringRef reason) {
  return json::Object{{"per_row", nullptr},
                      {"definition", kNodeVisitDefinition},
                      {"reason", reason.str()}};
}

/// Depth of every node of `tree`, keyed by the number the leaf kind reports
/// for it (the node index, or leaf_ids).
static DenseMap<int32_t, int32_t> leafDepths(TreeOp tree) {
  ArrayRef<int32_t> left = tree.getLeft(), right = tree.getRight();
  std::optional<ArrayRef<int32_t>> ids = tree.getLeafIds();
  std::vector<int32_t> depth(tree.getNumNodes(), 0);
  DenseMap<int32_t, int32_t> byId;
  // Iterative: trees may be chains thousands of levels deep.
  SmallVector<int32_t> stack = {0};
  while (!stack.empty()) {
    int32_t node = stack.pop_back_val();
    if (left[node] < 0) {
      byId[ids ? (*ids)[node] : node] = depth[node];
      continue;
    }
    for (int32_t child : {left[node], right[node]}) {
      depth[child] = depth[node] + 1;
      stack.push_back(child);
    }
  }
  return byId;
}

json::Object measureNodeVisits(const std::string &modelPath, hw_model *model,
                               const NpyArray &input) {
  if (StringRef(modelPath).ends_with(".so"))
    return unavailable("MODEL is a compiled library: its trees are not in "
                       "it; bench the model file to get node visits");
  auto context = createCompilerContext();
  auto module = loadModel(modelPath, *context);
  if (!module) {
    std::string message = toString(module.takeError());
    return unavailable("cannot read the model's trees: " + message);
  }
  EnsembleOp ensemble;
  for (mlir::Operation &op : *(*module)->getBody()) {
    if (isa<LinearOp>(op))
      return unavailable("linear model: no trees");
    if (auto found = dyn_cast<EnsembleOp>(op))
      ensemble = found;
  }
  if (!ensemble)
    return unavailable("no tree ensemble in the model file");
  std::vector<DenseMap<int32_t, int32_t>> depths;
  for (TreeOp tree : ensemble.getTrees())
    depths.push_back(leafDepths(tree));

  int64_t trees = depths.size(), width = 0;
  uint32_t kinds = 0;
  hw_model_supported_kinds(model, &kinds);
  if (!(kinds & (1u << HW_KIND_LEAF)) ||
      hw_model_output_width(model, HW_KIND_LEAF, &width) != HW_OK ||
      width != trees)
    return unavailable("the compiled model has no leaf kind with one column "
                       "per tree");
  int64_t rows = std::min(input.rows(), kNodeVisitRows);
  std::vector<int32_t> leaves(rows * trees);
  hw_predict_options options = HW_PREDICT_OPTIONS_INIT;
  if (hw_predict(model, HW_KIND_LEAF, input.data.data(), input.dtype, rows,
                 input.columns(), leaves.data(), &options) != HW_OK)
    return unavailable(std::string("leaf kind failed: ") + hw_last_error());
  double total = 0;
  for (int64_t row = 0; row < rows; ++row)
    for (int64_t tree = 0; tree < trees; ++tree) {
      auto it = depths[tree].find(leaves[row * trees + tree]);
      if (it == depths[tree].end())
        return unavailable("the leaf kind reported a node that is not a leaf "
                           "of the model file");
      total += it->second;
    }
  int64_t maxDepth = 0;
  for (TreeOp tree : ensemble.getTrees())
    maxDepth = std::max<int64_t>(maxDepth, tree.computeDepth());
  return json::Object{{"per_row", rows ? total / rows : 0.0},
                      {"per_tree", rows && trees ? total / rows / trees : 0.0},
                      {"trees", trees},
                      {"max_depth", maxDepth},
                      {"rows_measured", rows},
                      {"definition", kNodeVisitDefinition}};
}

//===----------------------------------------------------------------------===//
// report.md
//===----------------------------------------------------------------------===//

static std::string text(const json::Object *object, StringRef key,
                        StringRef fallback = "?") {
  if (!object)
    return fallback.str();
  if (auto value = object->getString(key))
    return value->str();
  if (auto value = object->getInteger(key))
    return std::to_string(*value);
  if (auto value = object->getNumber(key))
    return formatv("{0}", *value).str();
  return fallback.str();
}

/// "12,345,678": rows/s spans six orders of magnitude.
static std::string grouped(double value) {
  std::string digits = formatv("{0:f0}", value).str();
  std::string out;
  int count = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (count && count % 3 == 0 && std::isdigit(*it))
      out.insert(out.begin(), ',');
    out.insert(out.begin(), *it);
    ++count;
  }
  return out;
}

static std::string number(const json::Object *object, StringRef key,
                          StringRef format) {
  std::optional<double> value = object ? object->getNumber(key) : std::nullopt;
  if (!value)
    return "-";
  if (format == "grouped")
    return grouped(*value);
  return formatv(("{0:" + format + "}").str().c_str(), *value).str();
}

static void writeMarkdown(raw_ostream &os, const json::Object &report) {
  const json::Object *model = report.getObject("model");
  const json::Object *input = report.getObject("input");
  const json::Object *machine = report.getObject("machine");
  const json::Object *versions = report.getObject("versions");
  const json::Object *reference =
      versions ? versions->getObject("reference") : nullptr;
  const json::Object *bandwidth =
      machine ? machine->getObject("read_bandwidth_gb_s") : nullptr;
  const json::Object *agreement = report.getObject("agreement");
  const json::Object *visits = report.getObject("node_visits");
  std::string refName = text(reference, "library", "reference");

  os << "# hardwood bench: " << sys::path::filename(text(model, "path")) << " ("
     << text(model, "kind") << ")\n\n";
  os << "- machine: " << text(machine, "cpu_model")
     << " (LLVM: " << text(machine, "llvm_host_cpu") << "), "
     << text(machine, "logical_cpus") << " logical CPUs, "
     << text(machine, "physical_cores")
     << " physical cores; features: " << text(machine, "features_summary")
     << "\n";
  os << "- memory read bandwidth (streaming sum, same run): "
     << number(bandwidth, "1", "f1") << " GB/s on 1 thread, "
     << number(bandwidth, "all", "f1") << " GB/s on "
     << text(report.getObject("threads"), "all") << " threads\n";
  os << "- versions: Hardwood " << text(versions, "hardwood") << ", LLVM "
     << text(versions, "llvm");
  if (reference)
    os << "; " << refName << " " << text(reference, "version") << " (NumPy "
       << text(reference, "numpy") << ", Python " << text(reference, "python")
       << ")";
  os << "\n";
  os << "- target " << text(model, "target") << ", schedule `"
     << text(model, "schedule") << "`\n";
  os << "- input: " << text(input, "rows") << " rows x "
     << text(input, "features") << " features, " << text(input, "dtype") << " ("
     << text(input, "bytes_per_row") << " bytes per row)\n";
  if (agreement)
    os << "- agreement vs " << text(agreement, "library") << ": "
       << text(agreement, "mismatches") << " of " << text(agreement, "count")
       << " " << text(agreement, "what") << ", max abs error "
       << number(agreement, "max_abs_error", "e2")
       << ", max error/max(1,|ref|) "
       << number(agreement, "max_relative_error", "e2") << " (tolerance "
       << number(agreement, "tolerance", "e0") << "): "
       << (agreement->getBoolean("ok").value_or(false) ? "**agrees**"
                                                       : "**DISAGREES**")
       << "\n";
  else
    os << "- agreement: no reference run\n";
  if (visits && visits->getNumber("per_row"))
    os << "- node visits per row: " << number(visits, "per_row", "f1") << " ("
       << text(visits, "trees") << " trees, mean leaf depth reached "
       << number(visits, "per_tree", "f2") << ", max depth "
       << text(visits, "max_depth") << ", measured on "
       << text(visits, "rows_measured") << " rows)\n";
  else
    os << "- node visits: n/a (" << text(visits, "reason") << ")\n";

  os << "\n| threads | batch | Hardwood rows/s | ns/row | " << refName
     << " rows/s | ns/row | speedup | x 1 thread | input GB/s | ns/node "
        "visit |\n"
     << "|---|---|---|---|---|---|---|---|---|---|\n";
  if (const json::Array *results = report.getArray("results"))
    for (const json::Value &value : *results) {
      const json::Object *row = value.getAsObject();
      const json::Object *ours = row->getObject("hardwood");
      const json::Object *theirs = row->getObject("reference");
      os << "| " << text(row, "threads") << " | " << text(row, "batch") << " | "
         << number(ours, "rows_per_s", "grouped") << " | "
         << number(ours, "ns_per_row", "f1") << " | "
         << number(theirs, "rows_per_s", "grouped") << " | "
         << number(theirs, "ns_per_row", "f1") << " | "
         << number(row, "speedup", "f2")
         << (row->getNumber("speedup") ? "x" : "") << " | "
         << number(row, "thread_scaling", "f2")
         << (row->getNumber("thread_scaling") ? "x" : "") << " | "
         << number(row, "input_gb_s", "f2") << " | "
         << number(row, "ns_per_node_visit", "f3") << " |\n";
    }
  os << "\nspeedup = " << refName
     << " ns/row / Hardwood ns/row. input GB/s = rows x bytes per row / "
        "time. x 1 thread = one thread's time / this row's, the median over "
        "rounds that alternate the thread counts.\n";

  if (const json::Array *latency = report.getArray("latency")) {
    os << "\nBatch 1, time per call over repeated calls (microseconds):\n\n"
       << "| threads | Hardwood median | Hardwood p99 | calls | " << refName
       << " median | " << refName << " p99 | calls |\n"
       << "|---|---|---|---|---|---|---|\n";
    for (const json::Value &value : *latency) {
      const json::Object *row = value.getAsObject();
      const json::Object *ours = row->getObject("hardwood");
      const json::Object *theirs = row->getObject("reference");
      auto micro = [](const json::Object *o, StringRef key) -> std::string {
        std::optional<double> ns = o ? o->getNumber(key) : std::nullopt;
        return ns ? formatv("{0:f2}", *ns / 1e3).str() : "-";
      };
      os << "| " << text(row, "threads") << " | " << micro(ours, "median_ns")
         << " | " << micro(ours, "p99_ns") << " | " << text(ours, "calls", "-")
         << " | " << micro(theirs, "median_ns") << " | "
         << micro(theirs, "p99_ns") << " | " << text(theirs, "calls", "-")
         << " |\n";
    }
  }
}

//===----------------------------------------------------------------------===//
// Files
//===----------------------------------------------------------------------===//

/// Exit status of hardwood.bench_plot when matplotlib cannot be imported.
static constexpr int kPlotNoMatplotlib = 3;

Error writeBenchReport(const std::string &dir, const json::Object &report) {
  if (std::error_code ec = sys::fs::create_directories(dir))
    return createStringError(ec, "cannot create " + dir + ": " + ec.message());
  SmallString<256> jsonPath(dir), mdPath(dir), pngPath(dir);
  sys::path::append(jsonPath, "report.json");
  sys::path::append(mdPath, "report.md");
  sys::path::append(pngPath, "report.png");
  {
    std::error_code ec;
    raw_fd_ostream os(jsonPath, ec);
    if (ec)
      return createStringError(ec, "cannot write " + jsonPath + ": " +
                                       ec.message());
    os << formatv("{0:2}", json::Value(json::Object(report))) << "\n";
  }
  {
    std::error_code ec;
    raw_fd_ostream os(mdPath, ec);
    if (ec)
      return createStringError(ec,
                               "cannot write " + mdPath + ": " + ec.message());
    writeMarkdown(os, report);
  }
  StringRef args[] = {"/usr/bin/python3", "-m",    "hardwood.bench_plot",
                      "--output",         pngPath, jsonPath};
  std::string message;
  int status =
      sys::ExecuteAndWait(args[0], args, std::nullopt, {}, 0, 0, &message);
  if (status == kPlotNoMatplotlib)
    WithColor::warning(errs(), "hardwood bench")
        << "matplotlib is missing (apt-get install python3-matplotlib): "
           "report.png not drawn; report.md and report.json are written\n";
  else if (status != 0)
    WithColor::warning(errs(), "hardwood bench")
        << "python3 -m hardwood.bench_plot failed (exit " << status
        << (message.empty() ? "" : ", " + message)
        << "): report.png not drawn; report.md and report.json are "
           "written\n";
  outs() << "report: " << mdPath << ", " << jsonPath
         << (status == 0 ? ", " + std::string(pngPath) : std::string()) << "\n";
  return Error::success();
}

} // namespace hardwood
