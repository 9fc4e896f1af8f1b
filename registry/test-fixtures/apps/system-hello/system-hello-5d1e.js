// fixture micro-app as Vite/Rollup write it with format 'system' and React external (issue 11 item 1)
System.register(['react'], (function (exports, module) {
  'use strict';
  var React;
  return {
    setters: [function (module) { React = module.default; }],
    execute: (function () {
      exports({ bootstrap: bootstrap, unmount: unmount });
      async function bootstrap() {}
      const mount = exports('mount', async function (props) {
        const { label } = await module.import('./chunks/label-7a2c.js');
        props.domElement.textContent = `${label} ${React.version}`;
      });
      async function unmount(props) { props.domElement.textContent = ''; }
    })
  };
}));
