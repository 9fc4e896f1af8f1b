System.register([], (function (exports) {
  'use strict';
  return { execute: (function () { exports('label', 'SystemJS 应用'); }) };
}));
