<?xml version="1.0" encoding="UTF-8"?>
<!--
  What a handbook or board of a catalog must show, one line per entry, for
  tests/6001-handbook.t:
    what=claimed    CODE TAB NAME TAB MATERIAL|MATERIAL... per claimed item
    what=unclaimed  CODE TAB NAME per unclaimed item
    what=names      NAME per claimed item
    what=depts      NAME per dept row
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:param name="what" select="'claimed'"/>
<xsl:key name="material" match="material" use="@code"/>

<xsl:template match="/catalog">
  <xsl:choose>
    <xsl:when test="$what = 'claimed'">
      <xsl:for-each select="item[not(@claimed = 'no')]">
        <xsl:value-of select="concat(@code, '&#9;', @name, '&#9;')"/>
        <xsl:for-each select="need">
          <xsl:if test="position() > 1">|</xsl:if>
          <xsl:value-of select="key('material', @material)/@name"/>
        </xsl:for-each>
        <xsl:text>&#10;</xsl:text>
      </xsl:for-each>
    </xsl:when>
    <xsl:when test="$what = 'unclaimed'">
      <xsl:for-each select="item[@claimed = 'no']">
        <xsl:value-of select="concat(@code, '&#9;', @name, '&#10;')"/>
      </xsl:for-each>
    </xsl:when>
    <xsl:when test="$what = 'names'">
      <xsl:for-each select="item[not(@claimed = 'no')]">
        <xsl:value-of select="concat(@name, '&#10;')"/>
      </xsl:for-each>
    </xsl:when>
    <xsl:when test="$what = 'depts'">
      <xsl:for-each select="dept">
        <xsl:value-of select="concat(@name, '&#10;')"/>
      </xsl:for-each>
    </xsl:when>
  </xsl:choose>
</xsl:template>
</xsl:stylesheet>
