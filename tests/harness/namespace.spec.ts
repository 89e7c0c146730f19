// Namespaced partner IDs: prefix per run and worker, valid per the contract pattern, deterministic.
import { test, expect } from '@playwright/test';
import { contract } from '../../contract';
import { Namespace, sanitise } from '../../harness/world/namespace';
import { carriesHarnessId } from '../../harness/checks/harnessIds';

const idRe = new RegExp(contract.patterns.partnerId!);

test('ids start with <namespace>-w<worker>- and match the partner-ID pattern', () => {
  const ns = new Namespace('ctunit', 3);
  expect(ns.prefix).toBe('ctunit-w3-');
  const ids = ['event', 'a b/c', 'Ünïcode', '', '--x'].map((l) => ns.id(l));
  for (const id of ids) {
    expect(id.startsWith('ctunit-w3-')).toBe(true);
    expect(idRe.test(id), id).toBe(true);
    expect(ns.owns(id)).toBe(true);
  }
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids[0]).toBe('ctunit-w3-event-1');
});

test('the checks recognise every ID a namespace mints as harness-minted, and not a server-made handle', () => {
  const ns = new Namespace('ctunit', 3);
  for (const id of [ns.id('event'), ns.labelled('att'), ns.maxLengthId(), ns.idempotencyKey()])
    expect(carriesHarnessId(`x ${id}`), id).toBe(true);
  expect(carriesHarnessId('run_0123456789abcdef')).toBe(false);
});

test('counters are deterministic and per-label counters are independent', () => {
  const a = new Namespace('ctunit', 0);
  const b = new Namespace('ctunit', 0);
  expect([a.id('e'), a.id('e'), a.id('s')]).toEqual([b.id('e'), b.id('e'), b.id('s')]);
  expect([a.labelled('att'), a.labelled('att'), a.labelled('evt')]).toEqual(['ctunit-w0-att-1', 'ctunit-w0-att-2', 'ctunit-w0-evt-1']);
  expect(new Namespace('ctunit', 1).id('e')).not.toBe(new Namespace('ctunit', 0).id('e'));
});

test('idOfLength gives exact lengths; the maximum is the contract maximum and valid; one more is not', () => {
  const ns = new Namespace('ctunit', 0);
  const max = ns.maxIdLength;
  expect(max).toBe(contract.limits.partnerIdMaxLength);
  expect(ns.idOfLength(40)).toHaveLength(40);
  const longest = ns.maxLengthId();
  expect(longest).toHaveLength(max);
  expect(idRe.test(longest)).toBe(true);
  const tooLong = ns.idOfLength(max + 1);
  expect(tooLong).toHaveLength(max + 1);
  expect(idRe.test(tooLong)).toBe(false);
  expect(() => ns.idOfLength(3)).toThrow(/namespace alone/);
});

test('long labels are cut to stay within the maximum length', () => {
  const ns = new Namespace('ctunit', 0);
  const id = ns.id('x'.repeat(500));
  expect(id.length).toBeLessThanOrEqual(ns.maxIdLength);
  expect(idRe.test(id)).toBe(true);
});

test('idempotency keys are unique and namespaced', () => {
  const ns = new Namespace('ctunit', 0);
  const k1 = ns.idempotencyKey();
  const k2 = ns.idempotencyKey();
  expect(k1).not.toBe(k2);
  expect(k1.startsWith(ns.prefix)).toBe(true);
});

test('sanitise keeps only the partner-ID alphabet', () => {
  expect(sanitise('a b/c:d.e_f-g')).toBe('a-b-c:d.e_f-g');
  expect(sanitise('..x')).toBe('x');
});

test('a namespace that cannot prefix a valid ID throws', () => {
  expect(() => new Namespace('bad space', 0)).toThrow(/partner-ID pattern/);
});
