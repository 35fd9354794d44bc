/**
 * The `gan-theory` command: the numbers the pages show, from a terminal. Each command's module is imported when
 * that command runs (`await import('./x.ts')` in its action), so a call loads only what it uses: `divergence`
 * starts without TensorFlow.js, which only the training and scoring commands load, through `withTensorFlow`.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { DEFAULT_GAN1D } from '../gan/gan1d-config.ts';
import { CliError, oneLine, parseSeed, processIo, quoteArgument, type Io } from './io.ts';

function number(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a number, got '${quoteArgument(value)}'`);
  return n;
}

function integer(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`expected an integer (at most 2^53 − 1 in size), got '${quoteArgument(value)}'`);
  return n;
}

/**
 * Loads a command module that uses TensorFlow.js, after loading TensorFlow.js itself in production mode: its PROD
 * flag silences tfjs's console warnings (tfjs-core's `warn` checks it), among them the "Hi, looks like you are
 * running TensorFlow.js in Node.js" banner the cpu backend prints on first use, so what the CLI prints is its own.
 */
async function withTensorFlow<M>(load: () => Promise<M>): Promise<M> {
  const tf = await import('@tensorflow/tfjs');
  tf.env().set('PROD', true);
  return load();
}

const SPEC_HELP = `
Distributions are written in the spec language, for example
  normal(0, 1)
  0.3*normal(-2, 0.5) + 0.7*laplace(1.5, 1)
  0.25*cauchy(0, 0.4) + 0.5*logistic(2, 0.8) + 0.25*uniform(-1, 3)
Families: normal(mean, sd), laplace(location, scale), logistic(location, scale), cauchy(location, scale),
uniform(low, high). A mixture needs a positive weight on every component; weights sum to 1.`;

export function buildProgram(io: Io): Command {
  const program = new Command('gan-theory')
    .description('Exact 1-D divergences and GAN quantities, and checks of the identities behind GAN theory.')
    .exitOverride()
    // Commander's messages quote the argument; long ones are cut to one bounded line.
    .configureOutput({ writeOut: io.out, writeErr: (text) => io.err(oneLine(text)) })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('divergence')
    .description('KL both ways, JSD and C(G) = V(G, D*) for a pair of distributions (all in nats)')
    .option('--pdata <spec>', 'the data distribution P_data')
    .option('--pg <spec>', "the generator's distribution P_G")
    .option('--json', 'print one JSON object {"kl_data_g", "kl_g_data", "jsd", "c_of_g", "wasserstein_1"}; ∞ is "Infinity"')
    .option('--batch <file>', 'read a JSON array of {"pdata": SPEC, "pg": SPEC} and print an array of results in order')
    .addHelpText('after', SPEC_HELP)
    .action(async (options) => (await import('./divergence.ts')).runDivergence(options, io));

  program
    .command('pushforward')
    .description("the exact density of x = G(z), z ~ N(0, 1), for a generator G written as a formula in z, on a grid; with --pdata, KL both ways, the JSD, C(G) and W₁ against p_data")
    .requiredOption('--g <formula>', "the generator as a formula in z, e.g. 'z^3 - 2*z' or 'sin(2*z) + 0.3*z'")
    .option('--pdata <spec>', 'a data distribution to compare p_g with')
    .option('--from <x>', 'grid start (default: the 0.5 % quantile, less 10 %)', number)
    .option('--to <x>', 'grid end (default: the 99.5 % quantile, plus 10 %)', number)
    .option('--points <n>', 'grid points', integer, 401)
    .option('--json', 'print one JSON object {"x", "density", "mass", "atoms", "folds", "truncated", "unchecked_latent_mass"}, with --pdata also "kl_data_g", "kl_g_data", "jsd", "c_of_g", "wasserstein_1" as in divergence --json')
    .addHelpText(
      'after',
      `
"mass" is the total mass of p_g over the whole line (continuous part and point masses), which must be 1.
A formula may use z, pi, e, + − * / ^, comparisons, conditionals (c ? a : b) and the functions
exp log log1p log2 log10 expm1 sqrt cbrt abs sign pow min max floor ceil round sin cos tan asin acos atan
atan2 sinh cosh tanh erf mod. G′ is taken exactly from the formula. Where G is flat, p_g has a point mass;
where G folds (G′ = 0), p_g is singular like |x − x_c|^(−1/2). G must be continuous (a jump is refused).
Examples:
  gan-theory pushforward --g 'z^3 - 2*z' --points 9
  gan-theory pushforward --g 'sin(2*z) + 0.3*z' --pdata 'normal(0, 1)' --json
${SPEC_HELP}`,
    )
    .action(async (options) => (await import('./pushforward.ts')).runPushforward(options, io));

  program
    .command('verify')
    .description('re-check every identity the theory pages rely on over random mixtures; exit status 1 if any fails')
    .option('--pairs <n>', 'random pairs per identity', integer, 100)
    .option('--seed <s>', 'seed for the random mixtures', (v: string) => parseSeed(v), 2014)
    .option('--json', 'print the results as JSON')
    .action(async (options) => (await import('./verify.ts')).runVerify(options, io));

  program
    .command('train-1d')
    .description('train the 1-D GAN of the training page and print, at intervals, the losses, V(G, D), the JSD and the distance from D to D*')
    .requiredOption('--pdata <spec>', 'the data distribution')
    .option('--steps <n>', 'training iterations (each: k D steps, then one G step)', integer, 2000)
    .option('--k <k>', 'discriminator steps per generator step', integer, DEFAULT_GAN1D.k)
    .option('--freeze-g', 'train the discriminator alone against the initial generator')
    .option('--seed <s>', 'seed for weights, data and noise (same seed, same numbers)', (v: string) => parseSeed(v), 1)
    .option('--batch <n>', 'batch size', integer, DEFAULT_GAN1D.batchSize)
    .option('--lr-d <rate>', 'learning rate of D (Adam, β₁ = 0.5)', number, DEFAULT_GAN1D.learningRateD)
    .option('--lr-g <rate>', 'learning rate of G (Adam, β₁ = 0.5)', number, DEFAULT_GAN1D.learningRateG)
    .option('--loss <variant>', 'generator loss: non-saturating or saturating', 'non-saturating')
    .option('--label-smoothing <s>', "one-sided label smoothing: D's target for real points is 1 − s, in [0, 1)", number, DEFAULT_GAN1D.labelSmoothing)
    .option('--label-noise <p>', "flip each of D's labels with probability p, in [0, 0.5)", number, DEFAULT_GAN1D.labelNoise)
    .option('--dropout-d <rate>', "dropout in D's hidden layers while training, in [0, 1)", number, DEFAULT_GAN1D.dropoutD)
    .option('--instance-noise <sd>', 'sd (data units) of Gaussian noise added to every input D sees in training, real and generated', number, DEFAULT_GAN1D.instanceNoise)
    .option('--instance-noise-steps <n>', 'anneal the instance noise linearly to 0 over n iterations (0: keep it)', integer, DEFAULT_GAN1D.instanceNoiseSteps)
    .option('--latent <kind>', "G's latent: normal (z ~ N(0, 1)) or uniform (u ~ U(−1, 1))", DEFAULT_GAN1D.latent)
    .option('--every <n>', 'print every n steps (default: 20 rows in all)', integer)
    .option('--backend <name>', 'TensorFlow.js backend: wasm or cpu', 'wasm')
    .option('--json', 'print one JSON object per row on stdout (progress goes to stderr)')
    .option('--sweep <grid>', "train every setting of a grid over several seeds and summarise each: 'k=1,5;lr-g=5e-4,5e-3' (keys k, lr-d, lr-g, batch, loss, label-smoothing, label-noise, dropout-d, instance-noise, latent)")
    .option('--seeds <n>', 'with --sweep: seeds 1 … n per setting', integer, 5)
    .option('--density-out <file>', 'after training, write the generator\'s exact density on the plot grid as JSON: {"x", "density", "mass", "atoms"}')
    .option('--generator-out <dir>', 'after training, save the generator as a TensorFlow.js layers model mapping its latent (z ~ N(0, 1), or u ~ U(−1, 1) with --latent uniform), shape [n, 1], to x in data units')
    .addHelpText('after', SPEC_HELP)
    .action(async (options) => (await withTensorFlow(() => import('./train1d.ts'))).runTrain1d(options, io));

  program
    .command('train-mnist')
    .description('train a GAN on MNIST (WebAssembly backend): progress, sample grids (PNG), a metrics log (JSON lines), checkpoints, the generator')
    .option('--model <kind>', 'mlp (the classic fully connected GAN) or dcgan', 'mlp')
    .option('--steps <n>', 'training iterations (each: k D steps, then one G step); with --minutes, an upper limit', integer)
    .option('--minutes <m>', 'stop after m minutes spent in training steps (logging and scoring not counted)', number)
    .option('--seed <s>', 'seed for weights, batches and noise', (v: string) => parseSeed(v), 1)
    .option('--out <dir>', 'run directory (default runs/mnist-<model>-seed<s>)')
    .option('--resume <dir>', 'continue the run in this directory from its checkpoint (its settings win)')
    .option('--k <k>', 'discriminator steps per generator step', integer, 1)
    .option('--loss <variant>', 'generator loss: non-saturating or saturating', 'non-saturating')
    .option('--lr <rate>', 'Adam learning rate (β₁ = 0.5); default 1e-3 for mlp, 5e-4 for dcgan', number)
    .option('--batch <n>', 'batch size', integer, 128)
    .option('--label-smoothing <s>', "one-sided label smoothing: D's target for real digits is 1 − s, in [0, 0.5]", number, 0)
    .option('--every <n>', 'log every n steps', integer, 100)
    .option('--score-every <n>', 'score (IS, FD) and write a sample grid every n steps', integer, 1000)
    .option('--score-samples <n>', 'generated images per score', integer, 2000)
    .option('--backend <name>', 'TensorFlow.js backend: wasm or cpu', 'wasm')
    .action(async (options) => {
      if (options.model !== 'mlp' && options.model !== 'dcgan') throw new CliError(`--model must be mlp or dcgan, got ${options.model}`, 2);
      if (options.steps !== undefined && options.steps < 1) throw new CliError(`--steps must be positive, got ${options.steps}`, 2);
      if (options.minutes !== undefined && !(options.minutes > 0)) throw new CliError(`--minutes must be positive, got ${options.minutes}`, 2);
      const steps = options.steps ?? (options.minutes === undefined ? 2000 : Number.POSITIVE_INFINITY);
      return (await withTensorFlow(() => import('./mnist.ts'))).runTrainMnist({ ...options, steps }, io);
    });

  program
    .command('score')
    .description("score a saved generator: classifier Inception Score and Fréchet distance beside the real test digits' values, and optionally the Parzen-window log-likelihood of the paper's Table 1")
    .argument('<dir>', 'a run directory written by train-mnist')
    .option('--samples <n>', 'generated images to score', integer, 5000)
    .option('--parzen', 'also the Parzen-window log-likelihood of the 10,000 test digits under 10,000 generated ones (slow)')
    .option('--seed <s>', 'seed for the latent vectors', (v: string) => parseSeed(v), 7)
    .option('--backend <name>', 'TensorFlow.js backend: wasm or cpu', 'wasm')
    .option('--json', 'print one JSON object')
    .action(async (dir, options) => (await withTensorFlow(() => import('./mnist.ts'))).runScore(dir, options, io));

  return program;
}

/** Runs the command line and returns the exit status (0 ok, 1 a check failed, 2 bad input or usage). */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const program = buildProgram(io);
  if (argv.length === 0) {
    program.outputHelp();
    return 2;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CliError) {
      io.err(`error: ${e.message.split('\n').map(oneLine).join('\n')}`);
      return e.exitCode;
    }
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? 0 : 2;
    }
    // Anything else is a run that failed: one line, no stack trace.
    io.err(`error: ${oneLine(String((e as Error)?.message ?? e))}`);
    return 1;
  }
}
