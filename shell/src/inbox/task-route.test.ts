import { describe, expect, it } from 'vitest';
import { testApp } from '../test/fixtures.ts';
import { resolveTaskRoute, type TaskTarget } from './task-route.ts';

const target: TaskTarget = { taskId: 't 1', instanceId: 'i-1', processKey: 'yk_low_resident', nodeKey: 'survey', businessKey: 'YK/2026' };

const connection = testApp('new-connection', {
  workflows: [
    { processKey: 'yk_low_resident', nodes: { survey: '/app/new-connection/applications/:businessKey/survey', '*': '/app/new-connection/applications/:businessKey' } },
    { processKey: 'yk_high_single', nodes: { scheme: '/app/new-connection/i/:instanceId/t/:taskId?tab=scheme' } },
  ],
});
const generic = testApp('generic', { workflows: [{ processKey: 'yk_low_resident', nodes: { '*': 'tasks/:taskId' } }] });

describe('resolveTaskRoute', () => {
  it('opens the node route with the business key filled in and ?task= appended', () => {
    const resolved = resolveTaskRoute([connection], target);
    expect(resolved?.app.id).toBe('new-connection');
    expect(resolved?.path).toBe('/app/new-connection/applications/YK%2F2026/survey?task=t%201');
  });

  it('falls back to the * route for a node without its own', () => {
    expect(resolveTaskRoute([connection], { ...target, nodeKey: 'install' })?.path).toBe('/app/new-connection/applications/YK%2F2026?task=t%201');
  });

  it('prefers an exact node binding of any app over another app\'s * fallback', () => {
    expect(resolveTaskRoute([generic, connection], target)?.app.id).toBe('new-connection');
    expect(resolveTaskRoute([generic, connection], { ...target, nodeKey: 'install' })?.app.id).toBe('generic');
  });

  it('replaces :taskId and :instanceId and keeps an existing query', () => {
    const resolved = resolveTaskRoute([connection], { ...target, processKey: 'yk_high_single', nodeKey: 'scheme' });
    expect(resolved?.path).toBe('/app/new-connection/i/i-1/t/t%201?tab=scheme&task=t%201');
  });

  it('puts a relative route below the app\'s first route', () => {
    expect(resolveTaskRoute([generic], target)?.path).toBe('/app/generic/tasks/t%201?task=t%201');
  });

  it('appends no task for an instance row and returns null when no app serves the process or node', () => {
    expect(resolveTaskRoute([connection], { ...target, taskId: null, nodeKey: 'install' })?.path).toBe('/app/new-connection/applications/YK%2F2026');
    expect(resolveTaskRoute([connection], { ...target, processKey: 'other' })).toBeNull();
    expect(resolveTaskRoute([connection], { ...target, processKey: 'yk_high_single', nodeKey: 'survey' })).toBeNull();
    expect(resolveTaskRoute([], target)).toBeNull();
  });
});
