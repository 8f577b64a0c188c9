"""What the grader asks for, as reading the code needs it: names, aliases, signatures."""

from __future__ import annotations

import ast
import re
import sys

from autograder.contract import NAMES

# --- what the grader asks for ---------------------------------------------------------------

CLASS = "NeuralNetwork"
#: The stage each contract name belongs to (a finding of a function waits for its stage).
STAGE_OF = {name: stage for stage, names in NAMES.items() for name in names}
#: The class's methods the grader calls, and the attributes it reads (with where to set them).
METHODS = ("feedforward", "backprop")
ATTRIBUTES = {"input": "__init__", "y": "__init__", "weights1": "__init__",
              "weights2": "__init__", "output": "feedforward"}

#: How each contract function is called (for telling a student what to write).
SIGNATURES = {
    "sigmoid": "sigmoid(z)", "sigmoid_derivative": "sigmoid_derivative(z)",
    "feedforward": "feedforward(X, W1, W2)", "sse_loss": "sse_loss(Y_hat, Y)",
    "backprop": "backprop(X, Y, W1, W2)",
    "train": "train(X, Y, W1, W2, iterations=1500, learning_rate=1.0)",
    "tanh": "tanh(z)", "tanh_derivative": "tanh_derivative(z)", "relu": "relu(z)",
    "relu_derivative": "relu_derivative(z)", "leaky_relu": "leaky_relu(z, alpha=0.01)",
    "leaky_relu_derivative": "leaky_relu_derivative(z, alpha=0.01)",
    "feedforward_with_bias": "feedforward_with_bias(X, W1, b1, W2, b2, activation)",
    "backprop_with_bias": "backprop_with_bias(X, Y, W1, b1, W2, b2, activation)",
    "train_with_bias": "train_with_bias(X, Y, W1, b1, W2, b2, ...)",
    "softmax": "softmax(Z)", "cross_entropy": "cross_entropy(P, labels)",
    "forward_classifier": "forward_classifier(X, W1, b1, W2, b2)",
    "backprop_classifier": "backprop_classifier(X, labels, W1, b1, W2, b2)",
    "train_classifier": "train_classifier(X, labels, W1, b1, W2, b2, ...)",
    "predict": "predict(X, W1, b1, W2, b2)", "accuracy": "accuracy(predicted, labels)",
}


def _derivative_aliases(base: str) -> set[str]:
    """What students call the derivative of ``base`` ("dsigmoid", "sigmoid_prime", ...)."""
    return ({"d" + base, "der" + base, "deriv" + base, "derivative" + base, "derivativeof" + base}
            | {base + end for end in ("d", "der", "deriv", "derivate", "derivation", "prime",
                                      "dash", "diff", "grad", "gradient", "slope")})


#: Known other names for a contract name, squashed (lower case, no underscores).
ALIASES: dict[str, set[str]] = {
    "sigmoid": {"sig", "sigm", "sigma", "logistic", "sigmoidfunction", "sigmoidfunc",
                "sigmoidfn", "sigmoidactivation", "activation"},
    "sigmoid_derivative": _derivative_aliases("sigmoid") | {"sigmoidderivativefunction"},
    "feedforward": {"forward", "forwardpass", "forwardprop", "forwardpropagation",
                    "forwardpropagate", "feedforwardpass", "feedforwardpropagation"},
    "sse_loss": {"loss", "sse", "lossfunction", "lossfn", "computeloss", "calculateloss",
                 "calcloss", "squarederror", "sumsquarederror", "sumsquarederrors",
                 "sumofsquarederrors", "sumofsquares", "mse", "mseloss", "sseerror"},
    "backprop": {"backpropagation", "backpropogation", "backpropagate", "backpropogate",
                 "backward", "backwardpass", "backwardpropagation", "backprob"},
    "train": {"training", "trainnetwork", "trainmodel", "fit", "gradientdescent"},
    CLASS: {"neuralnet", "network", "net", "nn", "nnet", "twolayernetwork", "twolayernn",
            "simpleneuralnetwork", "myneuralnetwork", "neuralnetworkclass"},
    "tanh_derivative": _derivative_aliases("tanh"),
    "relu_derivative": _derivative_aliases("relu"),
    "leaky_relu": {"lrelu", "leaky"},
    "leaky_relu_derivative": _derivative_aliases("leakyrelu") | _derivative_aliases("lrelu"),
    "feedforward_with_bias": {"feedforwardbias", "feedforwardbiases", "forwardwithbias",
                              "forwardbias", "feedforwardwithbiases"},
    "backprop_with_bias": {"backpropbias", "backpropbiases", "backpropwithbiases",
                           "backwardwithbias"},
    "train_with_bias": {"trainbias", "trainwithbiases"},
    "cross_entropy": {"crossentropyloss", "celoss", "xentropy", "categoricalcrossentropy"},
    "forward_classifier": {"classifierforward", "forwardclassify"},
    "backprop_classifier": {"classifierbackprop", "backwardclassifier"},
    "train_classifier": {"classifiertrain", "trainclassify"},
    "predict": {"prediction", "predictions", "predictclass", "predictclasses"},
    "accuracy": {"acc", "computeaccuracy", "getaccuracy", "calcaccuracy"},
    # the class's attributes
    "input": {"inputs", "x", "inp", "inputlayer", "inputdata"},
    "y": {"target", "targets", "label", "labels", "ytrue", "expected"},
    "weights1": {"w1", "weight1", "weightsone", "weightsih", "weightsinputhidden", "wih",
                 "weights0", "syn0", "synapse0", "hiddenweights"},
    "weights2": {"w2", "weight2", "weightstwo", "weightsho", "weightshiddenoutput", "who",
                 "syn1", "synapse1", "outputweights"},
    "output": {"outputs", "out", "yhat", "ypred", "prediction", "predictions", "outputlayer",
               "layer2"},
}

#: How many module-level names are compared with the contract's (a course file has ~20).
MAX_CANDIDATES = 400
#: Names a constructor gets by mistake (besides near misses of "init").
CONSTRUCTOR_ALIASES = {"initialize", "initialise", "constructor", "setup"}
#: First parameters that show `self` is missing: the data a function, not a method, takes.
DATA_NAMES = {"x", "y", "z", "w1", "w2", "x_train", "y_train", "learning_rate", "lr", "alpha",
              "input", "inputs", "data", "output", "weights", "weights1", "weights2",
              "iterations", "epochs"}

#: math's scalar functions and their numpy counterparts.
MATH_TO_NUMPY = {"exp": "exp", "log": "log", "sqrt": "sqrt", "tanh": "tanh", "pow": "power",
                 "fabs": "abs", "log10": "log10", "log2": "log2", "log1p": "log1p",
                 "expm1": "expm1", "sin": "sin", "cos": "cos", "floor": "floor",
                 "ceil": "ceil", "isnan": "isnan", "isinf": "isinf", "isfinite": "isfinite"}

#: A module alias students use -> (the module, the import that defines it).
MODULE_ALIASES = {"np": ("numpy", "import numpy as np"), "numpy": ("numpy", "import numpy"),
                  "math": ("math", "import math"),
                  "plt": ("matplotlib.pyplot", "import matplotlib.pyplot as plt")}
#: Modules the grader's Python has besides the standard library.
AVAILABLE = {"numpy", "matplotlib", "mpl_toolkits", "pylab", "__future__"}
STANDARD = frozenset(sys.stdlib_module_names)

# `def name` / `class name` lines, and the names an import binds, in a cell that does not parse
DEF = re.compile(r"^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+([^\W\d]\w*)", re.MULTILINE)
IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+[\w.]+[ \t]+)?import[ \t]+([^\n#;]+)", re.MULTILINE)

Pos = tuple[int, int]  # (cell, line)
BINDS_NAME = (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)
INDENTED_IMPORT = re.compile(r"^[ \t]+(?:import|from)[ \t]", re.MULTILINE)

