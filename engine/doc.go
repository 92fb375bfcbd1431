// Package engine is a Helmholtz machine trained by the wake-sleep algorithm
// of Hinton, Dayan, Frey and Neal, "The wake-sleep algorithm for unsupervised
// neural networks", Science 268:1158-1161 (1995).
//
// # Model
//
// Layers are numbered bottom-up: layer 0 holds the visible (pixel) units and
// layer K the top. Every unit is stochastic and binary, with the logistic
// function σ(x) = 1/(1+e^-x).
//
// Each unit is on with probability σ of its bias plus the weighted states of
// the units that feed it (equation 1 of the paper). The generative model
// runs top-down:
//
//	p(s_K,j = 1)         = σ(g_K,j)
//	p(s_l,i = 1 | s_l+1) = σ(g_l,i + Σ_j G_l[j][i] s_l+1,j)
//
// The recognition model runs bottom-up:
//
//	q(s_l+1,j = 1 | s_l) = σ(r_l+1,j + Σ_i R_l[j][i] s_l,i)
//
// # Learning
//
// Wake phase (Wake): clamp a data vector d to layer 0, sample each layer
// upward from q, and move the generative parameters toward reproducing the
// sampled representation (the delta rule, equation 4 of the paper):
//
//	ΔG_l[j][i] = ε s_l+1,j (s_l,i − p_l,i),  Δg_l = ε (s_l − p_l),  Δg_K = ε (s_K − σ(g_K))
//
// Sleep phase (Sleep): sample a fantasy top-down from p and move the
// recognition parameters toward recovering the causes that produced it:
//
//	ΔR_l[j][i] = ε (s_l+1,j − q_l+1,j) s_l,i,  Δr_l+1 = ε (s_l+1 − q_l+1)
//
// Each wake update is the stochastic gradient of log p(α, d) with respect to
// the generative parameters and each sleep update that of log q(α | d) on a
// fantasy; the tests check both against finite differences.
//
// # Description length
//
// The cost of communicating d with representation α (equations 2 and 3) is
//
//	C(α, d) = Σ_l≥1 Σ_j −log2 p(s_l,j | s_l+1) + Σ_i −log2 p(d_i | s_1)
//
// and the free energy (equation 5), the expected cost less the entropy of the
// recognition distribution, is F(d) = E_q[C(α, d)] − H(q(·|d)) ≥ −log2 p(d).
// LogLikelihood estimates log p(d) by importance sampling with q as the
// proposal; ExactLogLikelihood enumerates every hidden configuration of a
// small machine. FreeParts gives F(d) in its parts, E_q[C] and H(q), with
// −log2 p(d), estimated from samples of q (Posterior.Parts: exactly).
//
// # Posterior
//
// The generative posterior over representations is the Boltzmann
// distribution of their costs at temperature 1 (equation 6):
//
//	P(α | d) = 2^−C(α,d) / Σ_β 2^−C(β,d)
//
// It minimises F(d), and the gap F(d) − (−log2 p(d)) is KL(Q(·|d) ‖ P(·|d))
// in bits, where Q is the recognition distribution. The sleep phase fits Q
// to P on fantasies, in the direction that spreads a factorial Q between
// the modes of a posterior that has several. Machine.Posterior computes P,
// Q, F(d), −log2 p(d) and the gap exactly by enumeration for small machines.
//
// # Reweighted wake-sleep
//
// Besides the paper's rules, a Trainer can run reweighted wake-sleep
// (Bornschein and Bengio, "Reweighted wake-sleep", ICLR 2015): the wake
// phase draws K representations h_k ~ q(·|d), weighs them by the normalised
// importance weights w_k ∝ p(d, h_k)/q(h_k | d), and moves the generative
// parameters along Σ_k w_k ∇ log p(d, h_k) and the recognition parameters
// along Σ_k w_k ∇ log q(h_k | d); the sleep phase is unchanged. With K = 1
// and no recognition wake update it is the paper's algorithm.
//
// # Lateral connections
//
// A hidden layer may have lateral generative connections (Machine.Lateral,
// AddLaterals): its units are generated one after another in index order,
// each given the layer above and the units of its own layer before it,
//
//	p(s_l,i = 1 | s_l+1, s_l,<i) = σ(g_l,i + Σ_j G_l[j][i] s_l+1,j + Σ_{k<i} L_l[k][i] s_l,k)
//
// (the top layer without the G term), so that the units of a layer can be
// correlated given the layer above: the autoregressive within-layer
// connections of Gregor, Danihelka, Mnih, Blundell and Wierstra, "Deep
// AutoRegressive Networks", ICML 2014; Dayan and Hinton, "Varieties of
// Helmholtz machine", Neural Networks 9:1385-1403 (1996), discuss lateral
// connections in the Helmholtz machine. p(α, d) is still a product of one
// Bernoulli factor per unit, so the description length, the likelihood and
// the posterior keep their definitions, with the lateral term in each
// unit's activation, and the wake phase's delta rule is still the gradient
// of log p(α, d):
//
//	ΔL_l[k][i] = ε s_l,k (s_l,i − p_l,i)   for i > k
//
// The recognition network stays factorial and the sleep phase unchanged;
// dreams sample a lateral layer unit by unit. The visible layer has none
// (784² weights would double a digits machine). Online training (Step,
// with SetThreads too) and reweighted wake-sleep move the lateral weights;
// StepBatch refuses a machine that has them.
//
// Why: on the page's 784-150-150-50 digits machine, dreams score 60% of
// real digits' by the project's digit classifier; sampling top-down from the
// layers the recognition network infers from real test digits scores 63%
// from the top layer (its true aggregate posterior, correlations and all),
// 68% from layer 2 and 88% from layer 1. The top prior loses little; the
// factorial conditionals p(s_1 | s_2) and p(s_2 | s_3) lose most of the
// digit-ness, and lateral connections let them be correlated.
//
// # Speed
//
// Every unit is binary, so the product of a weight matrix with a layer's
// states is a sum of the rows of the units that are on, and the delta rule
// touches only those rows: the kernels (kernel.go) add rows, four at a
// time, and decide each unit's sample from a table of σ, falling back to
// the exact sigmoid only when the draw is too close to call. StepBatch
// shares a mini-batch among goroutines (Trainer.Parallel) and, from 16
// examples on, adds precomputed sums of groups of four rows (subsets.go);
// an online step can split its large kernels by columns over two
// goroutines (Trainer.SetThreads, team.go). Uniform draws from a
// *rand.PCG run in one loop (uniform.go). None of this changes what is
// sampled: online training gives the bits of
// the straightforward loops, and every result is the same natively, under
// WebAssembly and with any number of goroutines. BENCHMARKS.md, at the top
// of the repository, has the figures.
//
// # Conventions
//
// Randomness always comes from a *rand.Rand the caller passes in, so a seed
// reproduces a run bit for bit, natively and under WebAssembly (the sigmoid
// uses a portable exponential for that reason). Misuse of shapes by the
// caller panics with the prefix "engine: "; bad input from outside (a model
// file) is an error. The package imports neither Ebiten nor syscall/js.
package engine
