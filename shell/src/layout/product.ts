/** Product name shown in the header, the login page and the document title. */
export const PRODUCT_NAME = '电力营销全业务集约管控平台';
