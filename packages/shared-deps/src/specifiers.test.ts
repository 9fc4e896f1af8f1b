import { describe, expect, it } from 'vitest';
import { SHARED_SPECIFIERS, chunkNameOfSpecifier, isSharedSpecifier, packageOfSpecifier, sharedPackages } from './specifiers.ts';

describe('shared specifiers', () => {
  it('holds the platform modules and antd per component, not whole antd', () => {
    for (const s of ['react', 'react/jsx-runtime', 'react-dom', 'react-dom/client', 'antd/es/button', 'antd/es/locale/zh_CN',
      'antd/es/theme', 'antd/es/app', '@ant-design/icons', '@tanstack/react-query', 'zustand', 'single-spa',
      'single-spa-react', 'dayjs', 'dayjs/locale/zh-cn', '@wb/sdk', '@wb/sdk/react', '@wb/contracts']) {
      expect(isSharedSpecifier(s), s).toBe(true);
    }
    for (const s of ['antd', 'antd/es/_util', 'antd/es/style', 'antd/lib/button', 'react-dom/server', 'zod', '@wb/sdk/testing']) {
      expect(isSharedSpecifier(s), s).toBe(false);
    }
    expect(new Set(SHARED_SPECIFIERS).size).toBe(SHARED_SPECIFIERS.length);
  });

  it('names packages and output chunks', () => {
    expect(packageOfSpecifier('antd/es/date-picker')).toBe('antd');
    expect(packageOfSpecifier('@wb/sdk/react')).toBe('@wb/sdk');
    expect(packageOfSpecifier('react-dom/client')).toBe('react-dom');
    expect(chunkNameOfSpecifier('react-dom/client')).toBe('react-dom-client');
    expect(chunkNameOfSpecifier('@tanstack/react-query')).toBe('tanstack-react-query');
    expect(chunkNameOfSpecifier('antd/es/locale/zh_CN')).toBe('antd-es-locale-zh_CN');
    expect(sharedPackages()).toEqual(expect.arrayContaining(['react', 'antd', '@wb/contracts', 'dayjs']));
  });
});
