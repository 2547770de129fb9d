<?xml version="1.0" encoding="UTF-8"?>
<!--
  What a rendered page shows, read back with xsltproc -html, in the shapes
  of expect.xsl, for tests/6001-handbook.t:
    what=claimed  (handbook) CODE TAB NAME TAB MATERIAL|... per item section
    what=flagged  (handbook) CODE per marked item section
    what=alerts   (handbook) CODE TAB LINE per line of an item's banner
    what=depts    (board) NAME per department row
    what=names    (board) NAME per item
    what=outside  every link or source that leaves the page
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:param name="what" select="'claimed'"/>

<xsl:template name="text">
  <xsl:param name="of"/>
  <xsl:variable name="t">
    <xsl:for-each select="$of/text()"><xsl:value-of select="."/></xsl:for-each>
  </xsl:variable>
  <xsl:value-of select="normalize-space($t)"/>
</xsl:template>

<xsl:template match="/">
  <xsl:variable name="items"
      select="//div[contains(concat(' ', @class, ' '), ' item ')]"/>
  <xsl:choose>
    <xsl:when test="$what = 'claimed'">
      <xsl:for-each select="$items">
        <xsl:value-of select="concat(h3/span[@class = 'code'], '&#9;', h3/span[@class = 'name'], '&#9;')"/>
        <xsl:for-each select="table[@class = 'materials']/tr[td]">
          <xsl:if test="position() > 1">|</xsl:if>
          <xsl:call-template name="text"><xsl:with-param name="of" select="td[2]"/></xsl:call-template>
        </xsl:for-each>
        <xsl:text>&#10;</xsl:text>
      </xsl:for-each>
    </xsl:when>
    <xsl:when test="$what = 'flagged'">
      <xsl:for-each select="$items[contains(@class, 'flagged')]">
        <xsl:value-of select="concat(h3/span[@class = 'code'], '&#10;')"/>
      </xsl:for-each>
    </xsl:when>
    <xsl:when test="$what = 'alerts'">
      <xsl:for-each select="$items/div[@class = 'alert']/ul/li">
        <xsl:value-of select="concat(../../../h3/span[@class = 'code'], '&#9;', normalize-space(.), '&#10;')"/>
      </xsl:for-each>
    </xsl:when>
    <xsl:when test="$what = 'depts'">
      <xsl:for-each select="//table[@class = 'depts']/tr">
        <xsl:call-template name="text"><xsl:with-param name="of" select="th"/></xsl:call-template>
        <xsl:text>&#10;</xsl:text>
      </xsl:for-each>
    </xsl:when>
    <xsl:when test="$what = 'outside'">
      <xsl:for-each select="//@href[not(starts-with(., '#'))] | //@src | //@srcset
          | //@action | //@data | //@background | //@poster | //@formaction">
        <xsl:value-of select="concat(name(), '=', ., '&#10;')"/>
      </xsl:for-each>
    </xsl:when>
    <xsl:when test="$what = 'names'">
      <xsl:for-each select="//span[@class = 'it']">
        <xsl:call-template name="text"><xsl:with-param name="of" select="."/></xsl:call-template>
        <xsl:text>&#10;</xsl:text>
      </xsl:for-each>
    </xsl:when>
  </xsl:choose>
</xsl:template>
</xsl:stylesheet>
