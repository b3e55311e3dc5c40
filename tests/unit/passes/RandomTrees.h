//===- RandomTrees.h - Random trees in the dialect's syntax -----*- C++ -*-===//
//
// Shared by the passes' unit tests: random trees written in the
// one-node-per-line syntax of hardwood.tree, numbered depth-first.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_TESTS_UNIT_PASSES_RANDOMTREES_H
#define HARDWOOD_TESTS_UNIT_PASSES_RANDOMTREES_H

#include <functional>
#include <random>
#include <string>

namespace hardwood::testing {

/// What a random tree's nodes look like.
struct RandomTreeShape {
  int numFeatures = 4;
  /// Whether NaN's direction is drawn per split (else always left).
  bool randomNanDirection = false;
  /// Whether thresholds are drawn (else 0.5 everywhere).
  bool randomThresholds = false;
  /// A leaf's values (the text after `leaf `), given the leaf's node index;
  /// empty: the node index as one value.
  std::function<std::string(int node)> leafText;
};

/// Appends a random tree's nodes; returns the next free node index. Depth 0
/// forces a leaf; a node is a leaf with probability 1/5 otherwise.
inline int appendRandomTree(std::mt19937 &rng, int node, int depth,
                            std::string &out,
                            const RandomTreeShape &shape = {}) {
  bool leaf = depth == 0 || std::uniform_int_distribution<int>(0, 4)(rng) == 0;
  if (leaf) {
    out +=
        std::to_string(node) + ": leaf " +
        (shape.leafText ? shape.leafText(node) : std::to_string(node) + ".0") +
        "\n";
    return node + 1;
  }
  // Children are numbered after this node's whole left subtree.
  std::string left, right;
  int leftRoot = node + 1;
  int rightRoot = appendRandomTree(rng, leftRoot, depth - 1, left, shape);
  int next = appendRandomTree(rng, rightRoot, depth - 1, right, shape);
  int feature =
      std::uniform_int_distribution<int>(0, shape.numFeatures - 1)(rng);
  std::string threshold = "5.000000e-01";
  if (shape.randomThresholds)
    threshold =
        std::to_string(std::uniform_int_distribution<int>(-8, 8)(rng)) + ".25";
  bool nanLeft =
      !shape.randomNanDirection || std::bernoulli_distribution(0.5)(rng);
  out += std::to_string(node) + ": x[" + std::to_string(feature) +
         "] <= " + threshold + " ? " + std::to_string(leftRoot) + " : " +
         std::to_string(rightRoot) + ", nan -> " +
         (nanLeft ? "left" : "right") + "\n" + left + right;
  return next;
}

} // namespace hardwood::testing

#endif // HARDWOOD_TESTS_UNIT_PASSES_RANDOMTREES_H
