// Package dreamscore measures how much a Helmholtz machine's dreams look
// like digits, with digit classifiers trained on MNIST.
//
// Held-out −log p(d) says how well a generative model explains real digits;
// it does not say whether what the model dreams reads as digits. The dream
// score asks a discriminative classifier instead. For N fantasies x_n (the
// binary visible samples s_0 of the generative network, drawn top-down as in
// the sleep phase) the classifier gives class distributions p(y | x_n); with
// their average p̄(y) = (1/N) Σ_n p(y | x_n),
//
//	score      = exp( (1/N) Σ_n KL( p(·|x_n) ‖ p̄ ) )          (nats inside exp)
//	confident  = share of n with max_y p(y | x_n) ≥ 0.9
//	coverage   = H(p̄) = −Σ_y p̄(y) log2 p̄(y)                   (bits)
//
// The score is the Inception score of Salimans et al. ("Improved techniques
// for training GANs", NeurIPS 2016) with a digit classifier in place of
// Inception, as is usual for MNIST generators. Since the mean KL equals
// H(p̄) − (1/N) Σ_n H(p(·|x_n)) (in nats), the score lies between 1 (every
// fantasy gets the same distribution: noise, or one digit only) and 10
// (every fantasy is classified with certainty, and the ten classes are
// equally frequent). Confident is the share the classifier has no doubt
// about; coverage says whether all ten digits are dreamt (log2 10 = 3.32
// bits when they are equally frequent). Real test digits, scored by the
// same classifier, are the ceiling a machine's dreams are compared with:
// the figures depend on the classifier, their shares of the ceiling much
// less.
//
// Two classifiers of different kinds are provided, so that a claim about
// dream quality can be cross-checked:
//
//   - MLP, the project's measure: a multilayer perceptron with rectified
//     linear hidden units and a softmax output, trained by TrainMLP with
//     Adam (Kingma & Ba, ICLR 2015) on the cross-entropy of MNIST's 60,000
//     binarized training digits ("digits", pixel on when intensity > 127).
//     Its weights are committed in assets/classifier (see that package for
//     the file and the command that regenerates it) and stored in the
//     format of EncodeMLP.
//   - Neighbours, the independent cross-check: k-nearest-neighbour votes by
//     Hamming distance against the same training digits, p(y | x) being the
//     share of the k nearest that have label y (ties in distance go to the
//     image that comes first in the training file, as in the paper's
//     nearest-neighbour baseline). It has no trained parameters at all.
//
// `wakesleep eval -model M -dreams N` reports these figures for N
// fantasies of M and for the first N test digits, by both classifiers.
//
// Measure applies a classifier to images and returns the three figures;
// Dreams draws a machine's binary fantasies. Both are deterministic: the
// fantasies depend only on the source passed in, and the classifiers
// classify each image on its own.
//
// Misuse of shapes panics with the prefix "dreamscore: "; bad input from
// outside (a classifier file) returns an error that says what is wrong.
package dreamscore
