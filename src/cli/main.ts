/** The `gan-theory` command: the numbers the pages show, from a terminal. */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { runDivergence } from './divergence.ts';
import { CliError, processIo, type Io } from './io.ts';
import { runVerify } from './verify.ts';

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`expected an integer, got '${value}'`);
  return n;
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
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('divergence')
    .description('KL both ways, JSD and C(G) = V(G, D*) for a pair of distributions (all in nats)')
    .option('--pdata <spec>', 'the data distribution P_data')
    .option('--pg <spec>', "the generator's distribution P_G")
    .option('--json', 'print one JSON object {"kl_data_g", "kl_g_data", "jsd", "c_of_g"}; ∞ is "Infinity"')
    .option('--batch <file>', 'read a JSON array of {"pdata": SPEC, "pg": SPEC} and print an array of results in order')
    .addHelpText('after', SPEC_HELP)
    .action((options) => runDivergence(options, io));

  program
    .command('verify')
    .description('re-check every identity the theory pages rely on over random mixtures; exit status 1 if any fails')
    .option('--pairs <n>', 'random pairs per identity', integer, 100)
    .option('--seed <s>', 'seed for the random mixtures', integer, 2014)
    .option('--json', 'print the results as JSON')
    .action((options) => runVerify(options, io));

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
      io.err(`error: ${e.message}`);
      return e.exitCode;
    }
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? 0 : 2;
    }
    throw e;
  }
}
