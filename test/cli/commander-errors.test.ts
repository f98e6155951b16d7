import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { commanderOutcome } from '../../cli/commander-errors.ts';

function parse(command: Command, argv: string[]): CommanderError {
  command.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {}, outputError: () => {} });
  for (const sub of command.commands) sub.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {}, outputError: () => {} });
  try {
    command.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error;
    throw error;
  }
  throw new Error('expected a commander error');
}

describe('commanderOutcome', () => {
  it('turns an unknown option into one line listing the accepted options', () => {
    const program = new Command('quorumlab');
    const check = program.command('check').option('--n <N>').option('--json').action(() => {});
    const error = parse(program, ['check', '--nn', '3']);
    const outcome = commanderOutcome(error, check);
    expect(outcome.kind).toBe('failure');
    if (outcome.kind === 'failure') {
      expect(outcome.failure.code).toBe('QL101');
      // Commander may add a suggestion in between; the line stays one line either way.
      expect(outcome.failure.message).toMatch(/^unknown option '--nn'.*; 'quorumlab check --help' lists the accepted options: --n --json$/);
    }
  });

  it('names the known commands for an unknown one', () => {
    const program = new Command('quorumlab');
    program.command('check').action(() => {});
    program.command('overlap').action(() => {});
    const outcome = commanderOutcome(parse(program, ['chek']), program);
    expect(outcome.kind).toBe('failure');
    if (outcome.kind === 'failure') {
      expect(outcome.failure.code).toBe('QL100');
      expect(outcome.failure.message).toMatch(/^unknown command 'chek'.*; known: check, overlap$/);
      expect(outcome.failure.message).not.toContain('\n');
    }
  });

  it('treats help as done, not as a failure', () => {
    const program = new Command('quorumlab');
    expect(commanderOutcome(parse(program, ['--help']), program)).toEqual({ kind: 'done' });
  });
});
