import { DeadLetter, JOURNEY_EVENTS_TOPIC, ReplayBusyError, ReplayPositions, ReplayStep } from '@waymark/kafka';
import type { DeadLettersCommand } from './cli-args';
import { alignedTable, Output } from './output';

/** sysexits EX_TEMPFAIL: another replay is running; try again when it is done. */
const EX_TEMPFAIL = 75;

/** The dead-letter topic as the command needs it (libs/kafka's functions, bound to a client). */
export interface DeadLetterAccess {
  /** The consumer group whose dead letters are meant: measures-service's. */
  group: string;
  read(): Promise<DeadLetter[]>;
  positions(): Promise<ReplayPositions>;
  replay(onStep: (step: ReplayStep) => void): Promise<void>;
}

/** `dead-letters list|replay [--check]`; returns the process exit code. */
export async function runDeadLettersCommand(
  command: DeadLettersCommand,
  access: DeadLetterAccess,
  output: Output,
): Promise<number> {
  if (command.name === 'dead-letters replay' && !command.check) return replay(access, output);
  const [letters, positions] = await Promise.all([access.read(), access.positions()]);
  const mine = letters.filter((l) => l.group === access.group);
  const replayed = (l: DeadLetter) => BigInt(l.offset) < (positions.get(l.partition) ?? 0n);
  const waiting = mine.filter((l) => !replayed(l));
  if (command.name === 'dead-letters list') {
    if (mine.length > 0) list(mine, replayed).forEach((line) => output.out(line));
    output.out(`${deadLetters(mine.length)} of "${access.group}", ${waiting.length} not replayed yet`);
    const others = letters.length - mine.length;
    if (others > 0)
      output.out(
        `${others} more belong to other consumer groups, or to none (set aside before dead letters named their group)`,
      );
    return 0;
  }
  for (const letter of waiting) output.out(stepLine({ letter, outcome: outcomeOf(letter) }, 'would be '));
  const republished = waiting.filter((l) => outcomeOf(l) === 'replayed').length;
  output.out(
    `check only, nothing published: ${republished} of "${access.group}"'s dead letters would be replayed, ` +
      `${waiting.length - republished} passed over`,
  );
  return 0;
}

async function replay(access: DeadLetterAccess, output: Output): Promise<number> {
  let republished = 0;
  let passedOver = 0;
  try {
    await access.replay((step) => {
      if (step.outcome === 'replayed') republished++;
      else passedOver++;
      output.out(stepLine(step, ''));
    });
  } catch (error) {
    if (!(error instanceof ReplayBusyError)) throw error;
    output.err(`error: ${error.message}; try again when it has finished`);
    return EX_TEMPFAIL;
  }
  if (republished + passedOver === 0) {
    output.out(`nothing to replay: every dead letter of "${access.group}" has been replayed`);
  } else {
    output.out(
      `replayed ${republished} of "${access.group}"'s dead letters to ${JOURNEY_EVENTS_TOPIC}` +
        (passedOver > 0 ? `, passed over ${passedOver} that still break the contract` : ''),
    );
  }
  return 0;
}

const outcomeOf = (letter: DeadLetter): ReplayStep['outcome'] => ('id' in letter.event ? 'replayed' : 'still-invalid');

function stepLine({ letter, outcome }: ReplayStep, would: string): string {
  if ('id' in letter.event && outcome === 'replayed') {
    return `${would}replayed ${where(letter)}: ${letter.event.id} ${shortType(letter.event.type)}`;
  }
  const why = 'invalid' in letter.event ? letter.event.invalid : letter.reason;
  return `${would}passed over ${where(letter)}: still breaks the contract: ${oneLine(why)}`;
}

function list(letters: DeadLetter[], replayed: (l: DeadLetter) => boolean): string[] {
  return alignedTable([
    ['OFFSET', 'SET ASIDE', 'KIND', 'EVENT', 'TYPE', 'REPLAYED', 'REASON'],
    ...letters.map((l) => [
      where(l),
      l.deadLetteredAt ?? '-',
      l.kind,
      'id' in l.event ? l.event.id : (l.key ?? '-'),
      'id' in l.event ? shortType(l.event.type) : '-',
      replayed(l) ? 'yes' : 'no',
      oneLine(l.reason),
    ]),
  ]);
}

/** The dead letter's offset (prefixed by its partition if the topic ever has more than one). */
const where = (l: DeadLetter) => (l.partition === 0 ? l.offset : `${l.partition}/${l.offset}`);
const shortType = (type: string) => type.replace(/^waymark\.journey\./, '');
const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

const deadLetters = (n: number) => `${n} dead letter${n === 1 ? '' : 's'}`;
